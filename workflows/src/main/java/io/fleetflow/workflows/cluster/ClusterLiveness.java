package io.fleetflow.workflows.cluster;

import io.fleetflow.activities.hub.liveness.ClusterLivenessActivities;
import io.fleetflow.activities.hub.liveness.WatchedCluster;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.entity.HubStubs;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Keeps a cluster in the hub's liveness sweep ({@link ClusterLivenessWorkflow}) while its agent's
 * polls prove it alive ({@link LeaseRenewals}): from when the accepted cluster's agent has joined
 * until it is denied or deleted, or its lease shortens so that its agent renews by signal again.
 * Executions that started before the sweep existed keep the lease timer of every renewal ({@value
 * #BY_POLLERS}).
 */
final class ClusterLiveness {
  /** The change ID of finding idle agents alive by their polls instead of their renewals. */
  static final String BY_POLLERS = "liveness-by-pollers";

  private static final Logger log = Workflow.getLogger(ClusterLiveness.class);

  private final ClusterRecord record;
  private final ClusterHealth health;

  /**
   * An activity, started without waiting for it: a burst of joins tells the one sweep workflow of
   * hundreds of clusters at once, and a local activity would hold each cluster's workflow task (and
   * the hub's task slots) while the sweep takes them in.
   */
  private final ClusterLivenessActivities sweep =
      Workflow.newActivityStub(
          ClusterLivenessActivities.class,
          HubStubs.options("tell the liveness sweep how to watch the agent", Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(Duration.ofMinutes(10))
              .build());

  /**
   * The last word sent to the sweep, done or not; the next waits for it, so they arrive in order.
   */
  private Promise<Void> told;

  private Boolean byPollers;

  ClusterLiveness(ClusterRecord record, ClusterHealth health) {
    this.record = record;
    this.health = health;
  }

  /** Whether the agent's polls, not its renewals, prove it alive now. */
  boolean polled() {
    return enabled() && !LeaseRenewals.bySignal(lease());
  }

  /**
   * Brings the sweep's watch, and the condition that tells the agent how to renew ({@link
   * ManagedCluster#CONDITION_LIVENESS_BY_POLLS}), in line with the cluster. When the agent goes
   * back to renewing by signal, its lease starts over with one period of its old lease to spare,
   * since the agent reads the condition only at its next look at the cluster.
   *
   * @return whether the cluster changed
   */
  boolean sync() {
    if (!enabled()) {
      return false;
    }
    ManagedClusterState state = record.state();
    boolean wanted = record.accepted() && state.joinConfirmed && !record.deleting() && polled();
    long allowance = wanted ? LeaseRenewals.staleAfter(health.grace()).toSeconds() : 0;
    // A renewal can bring a cluster back before the sweep sees its polls; the sweep hears of it,
    // so that it finds the agent gone again if its polls do not resume.
    boolean reachable = !health.isUnknown();
    if (allowance != state.livenessWatchSeconds
        || (wanted && reachable != state.livenessReachable)) {
      watch(wanted, allowance);
    }
    return showHowTheAgentRenews(wanted);
  }

  private void watch(boolean wanted, long allowance) {
    ManagedClusterState state = record.state();
    boolean reachable = !health.isUnknown();
    settle();
    WatchedCluster word =
        wanted
            ? new WatchedCluster(record.name(), allowance, reachable)
            : WatchedCluster.unwatch(record.name());
    told =
        Async.procedure(sweep::watch, word)
            .handle(
                (done, failure) -> {
                  if (failure != null) {
                    // The sweep drops a cluster whose workflow has gone, and a later word replaces
                    // this one; nothing waits on it.
                    log.warn("the liveness sweep did not hear of {}: {}", record.name(), failure);
                  }
                  return null;
                });
    state.livenessReachable = reachable;
    if (!wanted && state.livenessLeaseSeconds > 0) {
      state.lastLeaseRenewalMillis =
          record.now().toEpochMilli() + state.livenessLeaseSeconds * 1000L;
    }
    state.livenessWatchSeconds = allowance;
    state.livenessLeaseSeconds = wanted ? lease() : 0;
  }

  /**
   * Says on the cluster whether the sweep watches its agent, so the agent knows whether to renew
   * every period; a cluster that was never watched gets no condition until it is.
   */
  private boolean showHowTheAgentRenews(boolean watched) {
    if (!watched
        && Conditions.find(
                record.cluster().getStatus().getConditions(),
                ManagedCluster.CONDITION_LIVENESS_BY_POLLS)
            .isEmpty()) {
      return false;
    }
    return watched
        ? record.setCondition(
            ManagedCluster.CONDITION_LIVENESS_BY_POLLS,
            Conditions.TRUE,
            "AgentPollsWatched",
            "The hub finds the agent alive by its polls of its task queue; the agent renews its"
                + " lease only when its API server's health changes, and hourly.")
        : record.setCondition(
            ManagedCluster.CONDITION_LIVENESS_BY_POLLS,
            Conditions.FALSE,
            "AgentRenewsBySignal",
            "The agent renews its lease every period: its lease is shorter than "
                + LeaseRenewals.POLLED_FROM_SECONDS
                + "s, or the cluster is not in service.");
  }

  /**
   * Waits until the sweep has heard the last word, which a new run must not leave behind: the
   * pending activity of a run that continued as new is never run.
   */
  void settle() {
    if (told != null) {
      told.get();
    }
  }

  private boolean enabled() {
    if (byPollers == null) {
      byPollers = Workflow.getVersion(BY_POLLERS, Workflow.DEFAULT_VERSION, 1) == 1;
    }
    return byPollers;
  }

  private int lease() {
    return record.cluster().getSpec().effectiveLeaseDurationSeconds();
  }
}
