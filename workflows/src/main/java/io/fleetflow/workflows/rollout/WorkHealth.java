package io.fleetflow.workflows.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.work.ManifestWork;
import java.util.List;
import java.util.Optional;

/**
 * Judges a generated work by its conditions, without rules from the user: a cluster succeeded when
 * its work is Applied and Available and, where the agent reports them for well-known workloads
 * (Deployments, DaemonSets, StatefulSets, Jobs), not Progressing and not Degraded. It failed when
 * the work could not be applied or its workload is Degraded. Conditions computed for an older
 * generation of the work say nothing about the revision being rolled out.
 */
public final class WorkHealth {
  static final String PROGRESSING = "Progressing";
  static final String DEGRADED = "Degraded";
  private static final String UNREACHABLE = "ClusterUnreachable";

  private WorkHealth() {}

  /**
   * A judgement.
   *
   * @param state succeeded, failed, or applying while the work is on its way
   * @param message why, for a person
   */
  public record Verdict(ClusterRolloutState state, String message) {}

  /**
   * Judges the work's conditions for the given generation; empty when they are about an older one.
   */
  public static Optional<Verdict> judge(List<Condition> conditions, long generation) {
    Optional<Condition> applied = current(conditions, ManifestWork.CONDITION_APPLIED, generation);
    if (applied.isEmpty()) {
      return Optional.empty();
    }
    Optional<Condition> degraded = current(conditions, DEGRADED, generation);
    if (degraded.isPresent() && Conditions.TRUE.equals(degraded.get().getStatus())) {
      return Optional.of(
          new Verdict(ClusterRolloutState.FAILED, "Degraded: " + degraded.get().getMessage()));
    }
    if (Conditions.FALSE.equals(applied.get().getStatus())
        && !UNREACHABLE.equals(applied.get().getReason())) {
      return Optional.of(
          new Verdict(ClusterRolloutState.FAILED, "not applied: " + applied.get().getMessage()));
    }
    if (!Conditions.TRUE.equals(applied.get().getStatus())) {
      return Optional.of(new Verdict(ClusterRolloutState.APPLYING, applied.get().getMessage()));
    }
    Optional<Condition> available =
        current(conditions, ManifestWork.CONDITION_AVAILABLE, generation);
    if (available.isEmpty() || !Conditions.TRUE.equals(available.get().getStatus())) {
      return Optional.of(
          new Verdict(
              ClusterRolloutState.APPLYING,
              available.map(Condition::getMessage).orElse("waiting for availability")));
    }
    Optional<Condition> progressing = current(conditions, PROGRESSING, generation);
    if (progressing.isPresent() && !Conditions.FALSE.equals(progressing.get().getStatus())) {
      return Optional.of(
          new Verdict(
              ClusterRolloutState.APPLYING, "rolling out: " + progressing.get().getMessage()));
    }
    return Optional.of(new Verdict(ClusterRolloutState.SUCCEEDED, "applied and available"));
  }

  private static Optional<Condition> current(
      List<Condition> conditions, String type, long generation) {
    return Conditions.find(conditions, type)
        .filter(c -> c.getObservedGeneration() == null || c.getObservedGeneration() >= generation);
  }
}
