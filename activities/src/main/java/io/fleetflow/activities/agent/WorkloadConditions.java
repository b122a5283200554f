package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Conditions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Beyond OCM: derives {@code Progressing} and {@code Degraded} of a Deployment, DaemonSet,
 * StatefulSet or Job from the workload's own status, the way {@code kubectl rollout status} reads
 * it, so that a rollout tells success from failure without user-written condition rules. A rollout
 * progresses until its controller has observed the current generation and every replica is updated
 * and available; it is degraded when the Deployment's progress deadline passed or the Job failed.
 */
final class WorkloadConditions {
  static final String PROGRESSING = "Progressing";
  static final String DEGRADED = "Degraded";

  private WorkloadConditions() {}

  /** Returns the derived conditions (without times), or an empty list for other kinds. */
  static List<Condition> derive(String group, String kind, Map<String, Object> object) {
    Map<String, Object> status = map(object.get("status"));
    Map<String, Object> spec = map(object.get("spec"));
    return switch (group + "/" + kind) {
      case "apps/Deployment" -> deployment(object, spec, status);
      case "apps/StatefulSet" -> statefulSet(object, spec, status);
      case "apps/DaemonSet" -> daemonSet(object, status);
      case "batch/Job" -> job(status);
      default -> List.of();
    };
  }

  private static List<Condition> deployment(
      Map<String, Object> object, Map<String, Object> spec, Map<String, Object> status) {
    Optional<Map<String, Object>> progressing = condition(status, "Progressing");
    if (progressing.isPresent()
        && "ProgressDeadlineExceeded".equals(progressing.get().get("reason"))) {
      String message = String.valueOf(progressing.get().get("message"));
      return List.of(
          Conditions.of(PROGRESSING, Conditions.FALSE, "ProgressDeadlineExceeded", message),
          Conditions.of(DEGRADED, Conditions.TRUE, "ProgressDeadlineExceeded", message));
    }
    long desired = number(spec.get("replicas"), 1);
    return rollout(
        object,
        status,
        desired,
        number(status.get("updatedReplicas"), 0),
        number(status.get("availableReplicas"), 0),
        number(status.get("replicas"), 0) > number(status.get("updatedReplicas"), 0)
            ? "old replicas are pending termination"
            : null,
        "replicas");
  }

  private static List<Condition> statefulSet(
      Map<String, Object> object, Map<String, Object> spec, Map<String, Object> status) {
    Object current = status.get("currentRevision");
    Object update = status.get("updateRevision");
    return rollout(
        object,
        status,
        number(spec.get("replicas"), 1),
        number(status.get("updatedReplicas"), 0),
        number(status.get("readyReplicas"), 0),
        update != null && current != null && !update.equals(current)
            ? "pods are being moved to revision " + update
            : null,
        "replicas");
  }

  private static List<Condition> daemonSet(Map<String, Object> object, Map<String, Object> status) {
    long desired = number(status.get("desiredNumberScheduled"), 0);
    return rollout(
        object,
        status,
        desired,
        number(status.get("updatedNumberScheduled"), 0),
        number(status.get("numberAvailable"), 0),
        null,
        "scheduled pods");
  }

  private static List<Condition> rollout(
      Map<String, Object> object,
      Map<String, Object> status,
      long desired,
      long updated,
      long available,
      String otherwise,
      String what) {
    long generation = number(map(object.get("metadata")).get("generation"), 0);
    long observed = number(status.get("observedGeneration"), -1);
    String waiting = null;
    if (status.isEmpty() || observed < generation) {
      waiting = "waiting for the controller to observe generation " + generation;
    } else if (updated < desired) {
      waiting = updated + " of " + desired + " " + what + " updated";
    } else if (available < desired) {
      waiting = available + " of " + desired + " updated " + what + " available";
    } else if (otherwise != null) {
      waiting = otherwise;
    }
    if (waiting != null) {
      return List.of(
          Conditions.of(PROGRESSING, Conditions.TRUE, "RolloutInProgress", waiting),
          Conditions.of(DEGRADED, Conditions.FALSE, "RolloutInProgress", "no failure reported"));
    }
    String done = "all " + desired + " " + what + " updated and available";
    return List.of(
        Conditions.of(PROGRESSING, Conditions.FALSE, "RolloutComplete", done),
        Conditions.of(DEGRADED, Conditions.FALSE, "RolloutComplete", done));
  }

  private static List<Condition> job(Map<String, Object> status) {
    Optional<Map<String, Object>> failed =
        condition(status, "Failed").filter(c -> "True".equals(c.get("status")));
    if (failed.isPresent()) {
      String reason = String.valueOf(failed.get().getOrDefault("reason", "JobFailed"));
      String message = String.valueOf(failed.get().getOrDefault("message", "the Job failed"));
      return List.of(
          Conditions.of(PROGRESSING, Conditions.FALSE, reason, message),
          Conditions.of(DEGRADED, Conditions.TRUE, reason, message));
    }
    boolean complete =
        condition(status, "Complete").filter(c -> "True".equals(c.get("status"))).isPresent();
    if (complete) {
      String message = "the Job succeeded";
      return List.of(
          Conditions.of(PROGRESSING, Conditions.FALSE, "JobComplete", message),
          Conditions.of(DEGRADED, Conditions.FALSE, "JobComplete", message));
    }
    String message = number(status.get("active"), 0) + " pods active";
    return List.of(
        Conditions.of(PROGRESSING, Conditions.TRUE, "JobRunning", message),
        Conditions.of(DEGRADED, Conditions.FALSE, "JobRunning", "no failure reported"));
  }

  private static Optional<Map<String, Object>> condition(Map<String, Object> status, String type) {
    if (!(status.get("conditions") instanceof List<?> list)) {
      return Optional.empty();
    }
    return list.stream()
        .map(WorkloadConditions::map)
        .filter(c -> type.equals(c.get("type")))
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static long number(Object value, long otherwise) {
    return value instanceof Number n ? n.longValue() : otherwise;
  }
}
