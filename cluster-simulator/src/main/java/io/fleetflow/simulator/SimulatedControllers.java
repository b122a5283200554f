package io.fleetflow.simulator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The controllers a real cluster runs, for the status they write: fabric8's mock server keeps
 * objects but runs no controller, so without these a Deployment would never report a ready replica.
 * After every write of a Deployment, DaemonSet, StatefulSet, Job or Pod, the controller first
 * observes the new generation (nothing ready yet) and, {@link #READY_AFTER} later, reports every
 * replica ready, the Job succeeded, the Pod running (or succeeded when it never restarts).
 *
 * <p>A workload whose container image ends in {@code :broken}, or that is annotated {@value
 * #FAIL_ANNOTATION}{@code =true}, never becomes ready: a Deployment reports {@code
 * ProgressDeadlineExceeded} after its {@code progressDeadlineSeconds} (or {@link
 * #DEFAULT_PROGRESS_DEADLINE} when unset; a real cluster's default is 600 s), a Job fails with
 * {@code BackoffLimitExceeded}, a Pod fails.
 */
final class SimulatedControllers {
  static final String FAIL_ANNOTATION = "sim.fleetflow.io/fail";
  static final long READY_AFTER = 1_000;
  static final long DEFAULT_PROGRESS_DEADLINE = 10_000;

  /** One small pool for every simulated cluster of the process: the work is tiny. */
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread t = new Thread(r, "simulated-controllers");
            t.setDaemon(true);
            return t;
          });

  /** The kinds by plural, named fully so that the controllers need no discovery. */
  private static final Map<String, ResourceDefinitionContext> KINDS =
      Map.of(
          "deployments", kind("apps", "Deployment", "deployments"),
          "daemonsets", kind("apps", "DaemonSet", "daemonsets"),
          "statefulsets", kind("apps", "StatefulSet", "statefulsets"),
          "jobs", kind("batch", "Job", "jobs"),
          "pods", kind("", "Pod", "pods"));

  private volatile KubernetesClient client;

  /** Connects the controllers to their cluster, once its client exists. */
  void attach(KubernetesClient client) {
    this.client = client;
  }

  /** Returns true for the plural resources these controllers look after. */
  static boolean controls(String plural) {
    return KINDS.containsKey(plural);
  }

  /** Called after an object was written: schedules the controller's two steps. */
  void written(String plural, String namespace, String name, long generation) {
    if (client == null || !controls(plural)) {
      return;
    }
    SCHEDULER.schedule(
        () -> step(plural, namespace, name, generation, false), 50, TimeUnit.MILLISECONDS);
    SCHEDULER.schedule(
        () -> step(plural, namespace, name, generation, true), READY_AFTER, TimeUnit.MILLISECONDS);
  }

  private void step(
      String plural, String namespace, String name, long generation, boolean settled) {
    try {
      Resource<GenericKubernetesResource> resource =
          client
              .genericKubernetesResources(KINDS.get(plural))
              .inNamespace(namespace)
              .withName(name);
      GenericKubernetesResource object = resource.get();
      if (object == null || generationOf(object) != generation) {
        return; // Deleted, or a newer generation has its own steps.
      }
      Map<String, Object> status =
          switch (plural) {
            case "deployments" -> deployment(object, generation, settled, namespace, name);
            case "daemonsets" -> daemonSet(object, generation, settled);
            case "statefulsets" -> statefulSet(object, generation, settled);
            case "jobs" -> job(object, settled);
            default -> pod(object, settled);
          };
      writeStatus(plural, object, status);
    } catch (KubernetesClientException | IllegalStateException e) {
      // The cluster is closing, or the object went away: a real controller would retry, but the
      // object's next write schedules new steps anyway.
    }
  }

  private Map<String, Object> deployment(
      GenericKubernetesResource d, long generation, boolean settled, String ns, String name) {
    long replicas = number(d.get("spec", "replicas"), 1);
    boolean broken = broken(d);
    boolean ready = settled && !broken;
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("replicas", replicas);
    status.put("updatedReplicas", replicas);
    status.put("readyReplicas", ready ? replicas : 0);
    status.put("availableReplicas", ready ? replicas : 0);
    if (!ready) {
      status.put("unavailableReplicas", replicas);
    }
    String now = Instant.now().toString();
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(
        condition(
            "Available",
            ready ? "True" : "False",
            ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            ready
                ? "Deployment has minimum availability."
                : "Deployment does not have minimum availability.",
            now));
    conditions.add(
        condition(
            "Progressing",
            "True",
            ready ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
            ready
                ? "ReplicaSet \"" + name + "-" + generation + "\" has successfully progressed."
                : "ReplicaSet \"" + name + "-" + generation + "\" is progressing.",
            now));
    status.put("conditions", conditions);
    if (broken && settled) {
      long deadline =
          d.get("spec", "progressDeadlineSeconds") instanceof Number n
              ? n.longValue() * 1000
              : DEFAULT_PROGRESS_DEADLINE;
      SCHEDULER.schedule(
          () -> deadlineExceeded(ns, name, generation), deadline, TimeUnit.MILLISECONDS);
    }
    return status;
  }

  private void deadlineExceeded(String namespace, String name, long generation) {
    try {
      Resource<GenericKubernetesResource> resource =
          client
              .genericKubernetesResources(KINDS.get("deployments"))
              .inNamespace(namespace)
              .withName(name);
      GenericKubernetesResource d = resource.get();
      if (d == null || generationOf(d) != generation || !broken(d)) {
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> status = new LinkedHashMap<>((Map<String, Object>) d.get("status"));
      String now = Instant.now().toString();
      status.put(
          "conditions",
          List.of(
              condition(
                  "Available",
                  "False",
                  "MinimumReplicasUnavailable",
                  "Deployment does not have minimum availability.",
                  now),
              condition(
                  "Progressing",
                  "False",
                  "ProgressDeadlineExceeded",
                  "ReplicaSet \"" + name + "-" + generation + "\" has timed out progressing.",
                  now)));
      writeStatus("deployments", d, status);
    } catch (KubernetesClientException | IllegalStateException e) {
      // As in step: the next write schedules new steps.
    }
  }

  private Map<String, Object> daemonSet(
      GenericKubernetesResource ds, long generation, boolean settled) {
    long nodes = Math.max(1, client.nodes().list().getItems().size());
    boolean ready = settled && !broken(ds);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("desiredNumberScheduled", nodes);
    status.put("currentNumberScheduled", nodes);
    status.put("updatedNumberScheduled", nodes);
    status.put("numberMisscheduled", 0);
    status.put("numberReady", ready ? nodes : 0);
    status.put("numberAvailable", ready ? nodes : 0);
    if (!ready) {
      status.put("numberUnavailable", nodes);
    }
    return status;
  }

  private Map<String, Object> statefulSet(
      GenericKubernetesResource sts, long generation, boolean settled) {
    long replicas = number(sts.get("spec", "replicas"), 1);
    boolean ready = settled && !broken(sts);
    String revision = sts.getMetadata().getName() + "-" + generation;
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("replicas", replicas);
    status.put("updatedReplicas", replicas);
    status.put("currentReplicas", replicas);
    status.put("readyReplicas", ready ? replicas : 0);
    status.put("availableReplicas", ready ? replicas : 0);
    status.put("currentRevision", revision);
    status.put("updateRevision", revision);
    return status;
  }

  private Map<String, Object> job(GenericKubernetesResource job, boolean settled) {
    String now = Instant.now().toString();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("startTime", now);
    if (!settled) {
      status.put("active", 1);
      return status;
    }
    if (broken(job)) {
      status.put("failed", number(job.get("spec", "backoffLimit"), 6) + 1);
      status.put(
          "conditions",
          List.of(
              condition(
                  "FailureTarget",
                  "True",
                  "BackoffLimitExceeded",
                  "Job has reached the specified backoff limit",
                  now),
              condition(
                  "Failed",
                  "True",
                  "BackoffLimitExceeded",
                  "Job has reached the specified backoff limit",
                  now)));
      return status;
    }
    status.put("succeeded", number(job.get("spec", "completions"), 1));
    status.put("completionTime", now);
    status.put(
        "conditions",
        List.of(
            condition(
                "SuccessCriteriaMet",
                "True",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                now),
            condition(
                "Complete",
                "True",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                now)));
    return status;
  }

  private Map<String, Object> pod(GenericKubernetesResource pod, boolean settled) {
    String now = Instant.now().toString();
    Map<String, Object> status = new LinkedHashMap<>();
    if (!settled) {
      status.put("phase", "Pending");
      return status;
    }
    boolean once = "Never".equals(pod.get("spec", "restartPolicy"));
    String phase = broken(pod) ? "Failed" : once ? "Succeeded" : "Running";
    status.put("phase", phase);
    status.put("startTime", now);
    status.put(
        "conditions",
        List.of(
            condition("PodScheduled", "True", null, null, now),
            condition("Ready", "Running".equals(phase) ? "True" : "False", null, null, now)));
    return status;
  }

  private static boolean broken(GenericKubernetesResource object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations != null && "true".equals(annotations.get(FAIL_ANNOTATION))) {
      return true;
    }
    Object containers =
        "Pod".equals(object.getKind())
            ? object.get("spec", "containers")
            : object.get("spec", "template", "spec", "containers");
    if (containers instanceof List<?> list) {
      for (Object c : list) {
        if (c instanceof Map<?, ?> m && String.valueOf(m.get("image")).endsWith(":broken")) {
          return true;
        }
      }
    }
    return false;
  }

  private static Map<String, Object> condition(
      String type, String status, String reason, String message, String now) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    if (reason != null) {
      c.put("reason", reason);
      c.put("message", message);
    }
    c.put("lastTransitionTime", now);
    c.put("lastUpdateTime", now);
    return c;
  }

  private static long generationOf(GenericKubernetesResource object) {
    return Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
  }

  private static long number(Object value, long otherwise) {
    return value instanceof Number n ? n.longValue() : otherwise;
  }

  /**
   * Replaces the object's status (a PUT to its status subresource, as a controller does). The
   * object was read just before, so its resourceVersion guards against writing over a newer spec.
   */
  private void writeStatus(
      String plural, GenericKubernetesResource object, Map<String, Object> status) {
    object.setAdditionalProperty("status", status);
    client
        .genericKubernetesResources(KINDS.get(plural))
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .updateStatus();
  }

  private static ResourceDefinitionContext kind(String group, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
