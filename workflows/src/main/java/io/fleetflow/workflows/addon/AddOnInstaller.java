package io.fleetflow.workflows.addon;

import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.PlacementStrategy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.entity.Waits;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Placements} install strategy of an add-on: it subscribes to the placements, creates
 * the ManagedClusterAddOn on every cluster they select (the later placement wins where they
 * overlap, as in OCM) and deletes the ones it made from clusters that leave; on deletion of the
 * add-on it removes the add-on from every cluster. A collaborator of the workflow, in workflow
 * code.
 */
final class AddOnInstaller {
  /** How often a removal checks that the add-on is gone from every cluster. */
  static final Duration REMOVAL_POLL = Duration.ofSeconds(5);

  private final ClusterManagementAddOnState state;
  private long lastSubscribeMillis = Long.MIN_VALUE / 2;

  AddOnInstaller(ClusterManagementAddOnState state) {
    this.state = state;
  }

  /**
   * Subscribes to the placements, installs on joining clusters and uninstalls from leaving ones.
   */
  void follow(Instant now) {
    List<PlacementStrategy> placements = state.addOn.getSpec().placements();
    boolean retry =
        now.toEpochMilli() - lastSubscribeMillis >= ReconciledEntityWorkflow.RESYNC.toMillis();
    String self = Workflow.getInfo().getWorkflowId();
    for (PlacementStrategy p : placements) {
      if (!state.subscribed.contains(p.key()) && retry) {
        lastSubscribeMillis = now.toEpochMilli();
        try {
          Workflow.newUntypedExternalWorkflowStub(
                  PlacementSignals.workflowId(p.namespace(), p.name()))
              .signal(PlacementSignals.SUBSCRIBE, self);
          state.subscribed.add(p.key());
        } catch (SignalExternalWorkflowException | ApplicationFailure e) {
          // The placement does not exist (yet); the next resync asks again.
        }
      }
    }
    for (String key : new ArrayList<>(state.subscribed)) {
      if (placements.stream().noneMatch(p -> p.key().equals(key))) {
        unsubscribe(key);
        state.decisions.remove(key);
        state.rollouts.remove(key);
      }
    }
    Map<String, String> desired = new LinkedHashMap<>();
    for (PlacementStrategy p : placements) {
      PlacementDecisions decisions = state.decisions.get(p.key());
      if (decisions == null) {
        // Without decisions yet, the clusters it had keep the add-on.
        state.installed.forEach(
            (cluster, by) -> {
              if (by.equals(p.key())) {
                desired.put(cluster, p.key());
              }
            });
      } else {
        decisions.clusters().forEach(cluster -> desired.put(cluster, p.key()));
      }
    }
    install(desired);
    uninstall(desired);
  }

  /** Stops following every placement: the add-on is being deleted. */
  void unsubscribeAll() {
    new ArrayList<>(state.subscribed).forEach(this::unsubscribe);
  }

  /** Removes the add-on from every cluster that has it and waits until each removal finished. */
  void removeEverywhere() {
    String name = name();
    List<String> clusters = activities("list the clusters with add-on " + name).clustersWith(name);
    List<Promise<Boolean>> removals = new ArrayList<>();
    for (String cluster : clusters) {
      removals.add(
          Async.function(
              activities("remove add-on " + name + " from " + cluster)::uninstall,
              cluster,
              name,
              null,
              actor()));
    }
    Promise.allOf(removals).get();
    while (!activities("check that add-on " + name + " is gone from every cluster")
        .clustersWith(name)
        .isEmpty()) {
      Workflow.setCurrentDetails(
          "**Deleting add-on "
              + name
              + "**: waiting for every cluster's removal (pre-delete"
              + " hooks first)");
      Waits.sleep(REMOVAL_POLL, "wait for the removals of " + name);
    }
  }

  private void install(Map<String, String> desired) {
    Map<String, Promise<Boolean>> started = new LinkedHashMap<>();
    desired.forEach(
        (cluster, placement) -> {
          if (!state.installed.containsKey(cluster)) {
            started.put(
                cluster,
                Async.function(
                    activities("install add-on " + name() + " on " + cluster + " for " + placement)
                        ::install,
                    cluster,
                    name(),
                    placement,
                    actor()));
          }
        });
    started.forEach(
        (cluster, promise) -> {
          promise.get();
          state.installed.put(cluster, desired.get(cluster));
        });
  }

  private void uninstall(Map<String, String> desired) {
    Map<String, Promise<Boolean>> started = new LinkedHashMap<>();
    state.installed.forEach(
        (cluster, placement) -> {
          if (!desired.containsKey(cluster)) {
            started.put(
                cluster,
                Async.function(
                    activities(
                            "remove add-on "
                                + name()
                                + " from "
                                + cluster
                                + ", which left "
                                + placement)
                        ::uninstall,
                    cluster,
                    name(),
                    placement,
                    actor()));
          }
        });
    started.forEach(
        (cluster, promise) -> {
          promise.get();
          String placement = state.installed.remove(cluster);
          AddOnPlacementRollout rollout = state.rollouts.get(placement);
          if (rollout != null) {
            rollout.given.remove(cluster);
            rollout.previous.remove(cluster);
            rollout.since.remove(cluster);
          }
        });
  }

  private void unsubscribe(String key) {
    String[] parts = key.split("/", 2);
    try {
      Workflow.newUntypedExternalWorkflowStub(PlacementSignals.workflowId(parts[0], parts[1]))
          .signal(PlacementSignals.UNSUBSCRIBE, Workflow.getInfo().getWorkflowId());
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // The placement is gone, and its subscriptions with it.
    }
    state.subscribed.remove(key);
  }

  private Actor actor() {
    return Actor.system("addon", "ClusterManagementAddOn " + name());
  }

  private String name() {
    return state.addOn.getMetadata().getName();
  }

  private static AddOnActivities activities(String summary) {
    return HubStubs.of(AddOnActivities.class, summary, Duration.ofSeconds(30));
  }
}
