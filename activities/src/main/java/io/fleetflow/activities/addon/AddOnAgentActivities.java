package io.fleetflow.activities.addon;

import io.fleetflow.model.addon.AddOnLease;
import io.fleetflow.model.addon.ResourceScores;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What a ManagedClusterAddOn asks of its cluster's agent, on the cluster's task queue: the add-on
 * agent's lease, for add-ons whose health is judged by it (OCM's Lease health check), and the
 * cluster's free resources, for the add-on that scores them.
 */
@ActivityInterface
public interface AddOnAgentActivities {
  /**
   * Watches the add-on's Lease on the cluster and returns as soon as what the hub knows ({@code
   * watch.known()}) is no longer true: the lease appeared or went, its agent stopped renewing it
   * for longer than the grace, or started again. Returns what it sees after {@code
   * watch.maxWaitSeconds()} otherwise. Heartbeats while it waits, so a cancelled or lost watch ends
   * within a heartbeat.
   */
  @ActivityMethod(name = "WatchAddOnLease")
  AddOnLease watchLease(LeaseWatch watch);

  /**
   * Measures the cluster's free resources for the {@code resource-usage-score} add-on: the
   * allocatable CPU and memory of its schedulable nodes and what its pods that have not finished
   * request.
   */
  @ActivityMethod(name = "MeasureFreeResources")
  ResourceScores.FreeResources measureFreeResources();

  /**
   * A watch of one lease.
   *
   * @param namespace the add-on's install namespace
   * @param name the lease's name: the add-on's
   * @param known what the hub knows, or null when it knows nothing yet
   * @param maxWaitSeconds how long to watch before answering anyway
   */
  record LeaseWatch(String namespace, String name, AddOnLease known, long maxWaitSeconds) {}
}
