package io.fleetflow.cli.rollout;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Approval;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.ClusterStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RevisionInfo;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.StageStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Summary;
import java.util.List;

/** Rollouts as the gateway serves them, in the states the scenarios need. */
final class RolloutFixtures {
  static final StageStatus BATCH_1 = new StageStatus("all", 0, "batch-1", 3, 3, 0, 0, 0, 0);
  static final StageStatus BATCH_2 = new StageStatus("all", 1, "batch-2", 3, 0, 0, 0, 0, 3);

  private RolloutFixtures() {}

  /** A replica set {@code apps/NAME} at a resourceVersion with a rollout status (or none). */
  static ManifestWorkReplicaSet replicaSet(
      String name, String resourceVersion, int updated, int total, RolloutStatus rollout) {
    ManifestWorkReplicaSet set = new ManifestWorkReplicaSet();
    set.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("apps")
            .withName(name)
            .withResourceVersion(resourceVersion)
            .build());
    ManifestWorkReplicaSetStatus status = new ManifestWorkReplicaSetStatus();
    status.setSummary(new Summary(total, total, updated, 0, 0, total, updated));
    status.setRollout(rollout);
    set.setStatus(status);
    return set;
  }

  /** Batch 1 done on three clusters, batch 2 waiting for an approval that expires into a pause. */
  static RolloutStatus waitingForBatch2() {
    return new RolloutStatus(
        2,
        "WaitingForApproval",
        "stage batch-2 of all waits for approval",
        List.of(BATCH_1, BATCH_2),
        null,
        new GateStatus(
            "all", 1, "batch-2", "2026-01-02T10:00:00Z", "2026-01-02T14:00:00Z", "Pause"),
        List.of(),
        List.of(),
        List.of());
  }

  /** A rollout in a phase, with no stage table. */
  static RolloutStatus phase(String phase) {
    return new RolloutStatus(1, phase, null, List.of(), null, null, List.of(), List.of(), null);
  }

  /** Batch 2 rolling out, one cluster failed and one timed out. */
  static RolloutStatus progressingWithProblems() {
    return new RolloutStatus(
        3,
        "Progressing",
        null,
        List.of(BATCH_1, new StageStatus("all", 1, "batch-2", 3, 1, 0, 1, 1, 0)),
        "all/batch-2",
        null,
        List.of(
            new ClusterStatus("r1", "all", "batch-1", "succeeded", 3, "t", "ok"),
            new ClusterStatus("r5", "all", "batch-2", "failed", 3, "t", "Widget not applied"),
            new ClusterStatus("r6", "all", "batch-2", "timedOut", 3, "t", null)),
        List.of(),
        List.of());
  }

  /** An approval of batch-2 by the approver, who saw batch-1 healthy. */
  static Approval approval(String comment) {
    return new Approval(
        2, "all", 1, "batch-2", "approver", "2026-01-02T11:00:00Z", comment, List.of(BATCH_1));
  }

  /** A history with two revisions, one approval and two events. */
  static RolloutHistory history() {
    return new RolloutHistory(
        List.of(
            new RevisionInfo(1, "2026-01-02T09:00:00Z", "admin", "created"),
            new RevisionInfo(2, "2026-01-02T10:00:00Z", null, "template changed")),
        List.of(approval("canary looks good")),
        List.of(
            new RolloutHistory.Event(
                "2026-01-02T10:00:00Z", 2, "GateOpened", "system:fleetflow:rollout", "batch-2"),
            new RolloutHistory.Event(
                "2026-01-02T11:00:00Z", 2, "GateApproved", "approver", "canary looks good")));
  }
}
