package io.fleetflow.model.rollout;

/**
 * A cluster's state in a rollout, as {@code status.rollout.clusters[].state} shows it. The names
 * are Fleetflow's; OCM's per-cluster status (ToApply, Progressing, Succeeded, Failed, TimeOut) maps
 * onto them one to one, plus {@code rolledBack}.
 */
public enum ClusterRolloutState {
  /** Selected, not started at the current revision yet (OCM's ToApply). */
  WAITING("waiting"),
  /** Its work carries the current revision and has not succeeded or failed yet. */
  APPLYING("applying"),
  /** Applied, available and, for well-known workloads, rolled out. */
  SUCCEEDED("succeeded"),
  /** Its work failed to apply or its workload is degraded. */
  FAILED("failed"),
  /** It neither succeeded nor recovered within {@code progressDeadline}. */
  TIMED_OUT("timedOut"),
  /** It was returned to its previous revision by an abort or an automatic rollback. */
  ROLLED_BACK("rolledBack");

  private final String wire;

  ClusterRolloutState(String wire) {
    this.wire = wire;
  }

  /** The name in the API. */
  public String wire() {
    return wire;
  }

  /** Returns true when the cluster counts as a failure against {@code maxFailures}. */
  public boolean isFailure() {
    return this == FAILED || this == TIMED_OUT;
  }
}
