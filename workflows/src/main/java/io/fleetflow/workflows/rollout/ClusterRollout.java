package io.fleetflow.workflows.rollout;

import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;

/** One cluster's part in a replica set's rollout, as the workflow carries it. */
public class ClusterRollout {
  /** The placement that selected the cluster. */
  public String placement;

  /** Its state at the current revision. */
  public ClusterRolloutState state = ClusterRolloutState.WAITING;

  /** When it entered the state, in epoch milliseconds of workflow time. */
  public long sinceMillis;

  /** The revision its work carries now; 0 when it has none. */
  public long revision;

  /** The revision it carried before the current rollout changed it: what a rollback restores. */
  public long previousRevision;

  /** The generation of its work at {@link #revision}. */
  public long generation;

  /** The order in which the current rollout changed it, so rollbacks go in reverse. */
  public long startedSequence;

  /** Why it is in its state, for a person. */
  public String message;

  /** The latest status its work reported. */
  public StatusReport lastReport;

  /** The work the replica set holds for the cluster ({@link HeldWorks}), or null. */
  public HeldWork held;

  public ClusterRollout() {}

  /** Moves the cluster to a state, from now, for the reason given. */
  void moveTo(ClusterRolloutState next, java.time.Instant now, String why) {
    state = next;
    sinceMillis = now.toEpochMilli();
    message = why;
  }

  ClusterRollout(String placement, long nowMillis) {
    this.placement = placement;
    this.sinceMillis = nowMillis;
  }
}
