package io.fleetflow.workflows.placement.scheduling;

import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.Placement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one scheduling round depends on; the scheduler reads nothing else, so the same input
 * always gives the same decisions.
 *
 * @param placement the placement, spec and name
 * @param clusters every cluster of the fleet
 * @param boundSets the sets bound in the placement's namespace that exist, each with its members
 * @param scores the AddOnPlacementScores of every cluster (namespace = cluster name)
 * @param otherDecisions for each cluster, how many other placements selected it (for Balance)
 * @param previous the clusters this placement selected last time (for Steady and NoSelectIfNew)
 * @param now the time of the round, for toleration and score expiry
 */
public record SchedulingInput(
    Placement placement,
    List<ClusterFacts> clusters,
    Map<String, List<String>> boundSets,
    List<AddOnPlacementScore> scores,
    Map<String, Integer> otherDecisions,
    Set<String> previous,
    Instant now) {
  public SchedulingInput {
    scores = scores == null ? List.of() : scores;
    otherDecisions = otherDecisions == null ? Map.of() : otherDecisions;
    previous = previous == null ? Set.of() : previous;
  }
}
