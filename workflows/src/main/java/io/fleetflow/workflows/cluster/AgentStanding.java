package io.fleetflow.workflows.cluster;

import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.Takeover;

/**
 * How a cluster's agent stands with the hub, as its ManagedCluster workflow publishes it in the
 * {@value #MEMO} memo whenever it changes. The agent and the front door read it from the
 * execution's description, which Temporal answers without a workflow task: a thousand agents
 * looking at their standing every lease period cost the hub's worker nothing, where a query each
 * would cost a workflow task (and a replay for a workflow out of the worker's cache).
 *
 * @param access what the agent may do: {@link #FULL}, {@link #RELEASE} or {@link #NONE}
 * @param identity the fingerprint of the key the cluster is bound to, or null before any agent
 *     joined
 * @param leaseDurationSeconds the period at which the agent renews its lease
 * @param livenessByPolls whether the hub counts the agent's polls of its task queue as its lease
 *     (the {@code ManagedClusterLivenessByPolls} condition), so the agent signals only changes
 */
public record AgentStanding(
    String access, String identity, int leaseDurationSeconds, boolean livenessByPolls) {
  /** The memo the standing is published in. */
  public static final String MEMO = "agentAccess";

  /** Accepted: the agent does its work. */
  public static final String FULL = "FULL";

  /** Denied while the agent still carries out the cluster's release, or being deleted. */
  public static final String RELEASE = "RELEASE";

  /** Pending, denied and released: the agent may only ask to join. */
  public static final String NONE = "NONE";

  /**
   * The standing of a cluster, or null before the cluster exists.
   *
   * @param cluster the ManagedCluster as its workflow holds it
   * @param identity the fingerprint of the agent's key that holds the name
   */
  public static AgentStanding of(ManagedCluster cluster, String identity) {
    if (cluster == null || cluster.getSpec() == null) {
      return null;
    }
    // A cluster being deleted keeps its agent until its workflow ends: the release that comes
    // first runs on the agent.
    boolean deleting =
        cluster.getMetadata() != null && cluster.getMetadata().getDeletionTimestamp() != null;
    String access =
        cluster.getSpec().isHubAcceptsClient()
            ? FULL
            : Takeover.isReleasing(cluster) || deleting ? RELEASE : NONE;
    boolean byPolls =
        cluster.getStatus() != null
            && Conditions.isTrue(
                cluster.getStatus().getConditions(), ManagedCluster.CONDITION_LIVENESS_BY_POLLS);
    return new AgentStanding(
        access, identity, cluster.getSpec().effectiveLeaseDurationSeconds(), byPolls);
  }

  /** Whether the agent takes work: accepted, or releasing the cluster. */
  public boolean takesWork() {
    return FULL.equals(access) || RELEASE.equals(access);
  }
}
