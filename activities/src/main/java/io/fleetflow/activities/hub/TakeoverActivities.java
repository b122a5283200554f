package io.fleetflow.activities.hub;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What takeover and release ask of the hub: the profile in force, telling taken-over clusters that
 * it changed, and the ManifestWorks a released cluster must lose first.
 */
@ActivityInterface
public interface TakeoverActivities {
  /** Returns the named takeover profile, or null when it does not exist or is being deleted. */
  @ActivityMethod(name = "ReadTakeoverProfile")
  ClusterTakeoverProfile profile(String name);

  /**
   * Signals every ManagedCluster workflow that the profile changed, so that each reinstalls from
   * it; returns how many clusters were told.
   */
  @ActivityMethod(name = "NotifyTakeoverProfileChanged")
  int notifyClusters(long generation);

  /** Returns the cluster's ManifestWorks that still exist, with their cleanup priority. */
  @ActivityMethod(name = "ListClusterManifestWorks")
  List<WorkRef> manifestWorks(String cluster);

  /** Starts deleting one ManifestWork; a work that is already gone or going is left alone. */
  @ActivityMethod(name = "DeleteClusterManifestWork")
  void deleteManifestWork(String cluster, String name, Actor actor);

  /**
   * Tells one ManifestWork that its cluster was force-released, so that it leaves its resources on
   * the cluster, records the reason and ends instead of retrying the unreachable cluster; a work
   * that is already gone is left alone.
   */
  @ActivityMethod(name = "OrphanClusterManifestWork")
  void orphanManifestWork(String cluster, String name, String reason, Actor actor);

  /**
   * A ManifestWork of a cluster.
   *
   * @param name the work's name
   * @param cleanupPriority OCM's {@code open-cluster-management.io/cleanup-priority} (0 to 100), or
   *     -1 when unset or invalid, which OCM deletes first
   * @param deleting whether its deletion has started
   */
  record WorkRef(String name, int cleanupPriority, boolean deleting) {}
}
