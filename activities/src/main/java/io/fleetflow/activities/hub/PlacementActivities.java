package io.fleetflow.activities.hub;

import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * What placements read from the rest of the hub, and how the rest of the hub tells them that
 * something they depend on changed, so that no placement has to poll.
 */
@ActivityInterface
public interface PlacementActivities {
  /** The signal that {@link #notifyPlacements} sends, argument: why, in words. */
  String FLEET_CHANGED = "fleetChanged";

  /** The signal with which a ManagedClusterSet learns that clusters changed. */
  String CLUSTERS_CHANGED = "clustersChanged";

  /**
   * The memo key under which a ManagedCluster workflow keeps its {@link PlacementMemo}, so that one
   * visibility listing gives every cluster's facts without a query of each cluster workflow.
   */
  String MEMO = "placementFacts";

  /**
   * Reads everything one scheduling round of a placement depends on.
   *
   * @param namespace the placement's namespace, whose bindings count
   * @param placementWorkflowId the placement's own workflow ID, left out of the Balance counts
   * @param scoreResources the AddOnPlacementScore names the placement's prioritizers use
   * @param otherDecisions whether to count the other placements' decisions (Balance): false leaves
   *     {@link FleetView#otherDecisions} empty; null, as an activity scheduled before the parameter
   *     existed arrives, counts them
   */
  @ActivityMethod(name = "ReadPlacementInputs")
  FleetView fleet(
      String namespace,
      String placementWorkflowId,
      List<String> scoreResources,
      Boolean otherDecisions);

  /**
   * Signals {@link #FLEET_CHANGED} to every running placement, and {@link #CLUSTERS_CHANGED} to
   * every running ManagedClusterSet, whose membership follows the clusters' labels: both then
   * re-read the fleet at once instead of at their next resync.
   *
   * @param reason what changed, shown as the reason of the placements' next decisions
   * @return how many placements were told
   */
  @ActivityMethod(name = "NotifyPlacements")
  int notifyPlacements(String reason);

  /**
   * What a cluster shows placements, kept in its workflow's memo.
   *
   * @param selectable whether placements may consider it (accepted, not being deleted)
   * @param facts its labels, claims, taints and allocatable resources
   */
  record PlacementMemo(boolean selectable, ClusterFacts facts) {}

  /**
   * The fleet as one placement sees it.
   *
   * @param clusters every accepted cluster that is not being deleted
   * @param boundSets the sets bound in the namespace (binding and set both exist)
   * @param scores the requested AddOnPlacementScores of every cluster
   * @param otherDecisions per cluster, how many other placements selected it (empty when the
   *     placement's round does not need them)
   */
  record FleetView(
      List<ClusterFacts> clusters,
      List<ManagedClusterSet> boundSets,
      List<AddOnPlacementScore> scores,
      Map<String, Integer> otherDecisions) {}
}
