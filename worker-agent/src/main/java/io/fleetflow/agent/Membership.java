package io.fleetflow.agent;

import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.workflows.cluster.AgentStanding;

/**
 * Where a cluster stands with the hub, as its agent reads it from the standing its ManagedCluster
 * workflow publishes (or, for a run from before standings, from the object), and what the agent
 * does about it. An agent that takes work stops only on a reading that says so: a ManagedCluster
 * that cannot be read (the hub is down or restarting, so nobody answers the query) says nothing,
 * and an agent that stopped then would leave a release that the restarted hub resumes waiting for
 * tasks nobody polls.
 */
enum Membership {
  /** Accepted, or denied or being deleted while the hub still releases the cluster. */
  ACCEPTED,
  /** Known and not accepted: the agent may only ask to join. */
  PENDING,
  /** The ManagedCluster is gone (the request expired or the cluster was removed). */
  GONE,
  /** The ManagedCluster could not be read now; the agent keeps doing what it did. */
  UNKNOWN;

  /** The reading of a ManagedCluster the hub answered with; null means it has none yet. */
  static Membership of(ManagedCluster current) {
    if (current == null) {
      return PENDING;
    }
    // A denied or detached cluster keeps taking work until the hub has released it.
    return current.getSpec().isHubAcceptsClient() || Takeover.isReleasing(current)
        ? ACCEPTED
        : PENDING;
  }

  /** The reading of the standing the hub publishes for the cluster's agent. */
  static Membership from(AgentStanding standing) {
    return standing.takesWork() ? ACCEPTED : PENDING;
  }

  /** Whether an agent that takes work stops taking it on this reading. */
  boolean stopsWork() {
    return this == PENDING || this == GONE;
  }
}
