package io.fleetflow.hub.metrics;

import io.fleetflow.client.Visibility;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.work.WorkKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * One fleet gauge: a metric, its {@code phase} tag, and the visibility count query that gives its
 * value. The table ({@link #all}) is the whole set: one count query per row, every row a fixed
 * phase, so the number of series does not grow with the fleet.
 *
 * @param metric the Micrometer name (Prometheus: dots become underscores)
 * @param phase the value of the {@code phase} tag, or null for a metric without one
 * @param query the count query
 */
public record FleetGauge(String metric, String phase, Visibility query) {
  /** Clusters by phase (the condition ManagedClusterConditionAvailable, or where they stand). */
  public static final String CLUSTERS = "fleetflow.managed.clusters";

  /** Join requests waiting for a person's decision. */
  public static final String JOIN_REQUESTS_PENDING = "fleetflow.join.requests.pending";

  /** ManifestWorks by phase (their Applied and Available conditions). */
  public static final String WORKS = "fleetflow.manifest.works";

  /** ManifestWorkReplicaSets by rollout phase. */
  public static final String ROLLOUTS = "fleetflow.rollouts";

  /** Rollout gates waiting for approval (one per waiting rollout). */
  public static final String GATES_WAITING = "fleetflow.rollout.gates.waiting";

  /** The phases a ManagedCluster workflow publishes. */
  public static final List<String> CLUSTER_PHASES =
      List.of(
          "PendingApproval",
          "Denied",
          "Joining",
          "Available",
          "Unavailable",
          "Unknown",
          "Deleting");

  /** The phases a ManifestWork workflow publishes. */
  public static final List<String> WORK_PHASES =
      List.of("Applying", "Applied", "Available", "Failed", "Unreachable", "Deleting");

  /** The phases a ManifestWorkReplicaSet workflow publishes. */
  public static final List<String> ROLLOUT_PHASES =
      List.of(
          "Pending",
          "Progressing",
          "WaitingForApproval",
          "Paused",
          "Succeeded",
          "Failed",
          "Aborted",
          "RollingBack",
          "RolledBack",
          "Deleting");

  /** The rollout phase in which a gate waits. */
  public static final String WAITING_FOR_APPROVAL = "WaitingForApproval";

  /** Every fleet gauge the hub computes from visibility. */
  public static List<FleetGauge> all() {
    List<FleetGauge> gauges = new ArrayList<>();
    Visibility clusters = Visibility.of(ClusterKinds.MANAGED_CLUSTER);
    Visibility works = Visibility.of(WorkKinds.MANIFEST_WORK);
    Visibility rollouts = Visibility.of(RolloutKinds.MANIFEST_WORK_REPLICA_SET);
    CLUSTER_PHASES.forEach(p -> gauges.add(new FleetGauge(CLUSTERS, p, clusters.inPhase(p))));
    gauges.add(new FleetGauge(JOIN_REQUESTS_PENDING, null, clusters.inPhase("PendingApproval")));
    WORK_PHASES.forEach(p -> gauges.add(new FleetGauge(WORKS, p, works.inPhase(p))));
    ROLLOUT_PHASES.forEach(p -> gauges.add(new FleetGauge(ROLLOUTS, p, rollouts.inPhase(p))));
    gauges.add(new FleetGauge(GATES_WAITING, null, rollouts.inPhase(WAITING_FOR_APPROVAL)));
    return List.copyOf(gauges);
  }
}
