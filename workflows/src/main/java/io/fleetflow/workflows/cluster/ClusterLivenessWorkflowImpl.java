package io.fleetflow.workflows.cluster;

import io.fleetflow.activities.hub.liveness.ClusterLivenessActivities;
import io.fleetflow.activities.hub.liveness.Crossing;
import io.fleetflow.activities.hub.liveness.WatchedCluster;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.Waits;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Sweeps the watched clusters' pollers; see {@link ClusterLivenessWorkflow}. */
public class ClusterLivenessWorkflowImpl implements ClusterLivenessWorkflow {
  /**
   * How often the pollers are read. An agent that stops is found gone at most this long after its
   * allowance ({@link LeaseRenewals#staleAfter}) ran out, which the allowance leaves room for.
   */
  public static final Duration SWEEP_EVERY = LeaseRenewals.SWEEP_EVERY;

  private static final Logger log = Workflow.getLogger(ClusterLivenessWorkflowImpl.class);

  private final ClusterLivenessActivities pollers =
      HubStubs.of(
          ClusterLivenessActivities.class,
          "read which watched clusters' agents poll their task queues",
          Duration.ofMinutes(2));

  private ClusterLivenessState state = new ClusterLivenessState();

  @Override
  public void run(ClusterLivenessState carried) {
    if (carried != null) {
      state = carried;
    }
    while (!Workflow.getInfo().isContinueAsNewSuggested()) {
      Workflow.await(() -> !state.watched.isEmpty());
      Waits.sleep(SWEEP_EVERY, "wait before reading the agents' polls again");
      if (state.watched.isEmpty()) {
        continue;
      }
      List<Crossing> crossings = pollers.sweep(List.copyOf(state.watched.values()));
      tell(crossings);
      describe(crossings.size());
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(state);
  }

  /**
   * Signals every cluster whose agent crossed the line, all at once, and remembers what each was
   * told; a cluster whose workflow has ended leaves the watch.
   */
  private void tell(List<Crossing> crossings) {
    List<Promise<Void>> sent = new ArrayList<>();
    for (Crossing crossing : crossings) {
      ManagedClusterWorkflow cluster =
          Workflow.newExternalWorkflowStub(
              ManagedClusterWorkflow.class,
              Kinds.MANAGED_CLUSTER.workflowId(null, crossing.name()));
      sent.add(
          Async.procedure(
              cluster::agentSeen, new AgentSeen(crossing.reachable(), crossing.lastSeenMillis())));
    }
    for (int i = 0; i < crossings.size(); i++) {
      Crossing crossing = crossings.get(i);
      try {
        sent.get(i).get();
        // Read after the signal went: a watch signal may have changed the entry meanwhile.
        WatchedCluster watched = state.watched.get(crossing.name());
        if (watched != null) {
          state.watched.put(
              crossing.name(),
              new WatchedCluster(
                  watched.name(), watched.staleAfterSeconds(), crossing.reachable()));
        }
      } catch (TemporalFailure e) {
        log.info("cluster {} has no running workflow; it leaves the watch", crossing.name());
        state.watched.remove(crossing.name());
      }
    }
  }

  private void describe(int crossed) {
    long gone = state.watched.values().stream().filter(c -> !c.reachable()).count();
    Workflow.setCurrentDetails(
        "Watching the agents of **"
            + state.watched.size()
            + "** clusters by their polls: "
            + gone
            + " gone; "
            + crossed
            + " crossed at the last sweep.");
  }

  @Override
  public void watch(WatchedCluster cluster) {
    if (cluster.unwatches()) {
      state.watched.remove(cluster.name());
    } else {
      state.watched.put(cluster.name(), cluster);
    }
  }

  @Override
  public List<WatchedCluster> watched() {
    return new ArrayList<>(state.watched.values());
  }
}
