package io.fleetflow.agent;

import io.fleetflow.model.cluster.ManagedCluster;
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

  /**
   * The reading of a ManagedCluster the hub answered with; null means it has none yet. The object
   * is read by the rule the hub publishes standings by ({@link AgentStanding#of}), so a run from
   * before standings is read as a newer one would publish it.
   */
  static Membership of(ManagedCluster current) {
    AgentStanding standing = AgentStanding.of(current, null);
    return standing == null ? PENDING : from(standing);
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
