package io.fleetflow.workflows.rollout;

import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Approval;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RevisionInfo;
import java.util.List;

/**
 * The answer to the {@code history} query: every revision kept, every approval with what the
 * approver saw, and the rollout's events, oldest first.
 */
public record RolloutHistory(
    List<RevisionInfo> revisions, List<Approval> approvals, List<RolloutEvent> events) {}
