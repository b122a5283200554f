package io.fleetflow.workflows.placement.scheduling;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.meta.LabelSelectors;
import io.fleetflow.model.placement.PlacementSpec.DecisionGroup;
import io.fleetflow.model.placement.PlacementSpec.GroupStrategy;
import io.fleetflow.model.placement.PlacementValidators;
import io.fleetflow.workflows.placement.PlacementDecisions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OCM's decision groups: each named group takes the selected clusters its selector matches that no
 * earlier group took, the rest form unnamed groups; every group is cut into chunks of {@code
 * clustersPerDecisionGroup} (a count, or a percentage of all selected clusters rounded up), sorted
 * by name. With nothing selected there is one empty group, as OCM keeps one empty decision.
 */
final class DecisionGroups {
  private DecisionGroups() {}

  static List<PlacementDecisions.DecisionGroup> of(
      GroupStrategy strategy, List<ClusterFacts> selected) {
    List<DecisionGroup> named =
        strategy == null || strategy.decisionGroups() == null
            ? List.of()
            : strategy.decisionGroups();
    IntOrString per = strategy == null ? null : strategy.clustersPerDecisionGroup();
    int length = PlacementValidators.clustersPerGroup(per, selected.size());
    Map<String, ClusterFacts> rest = new TreeMap<>();
    selected.forEach(c -> rest.put(c.name(), c));
    List<PlacementDecisions.DecisionGroup> groups = new ArrayList<>();
    for (DecisionGroup group : named) {
      List<String> matched = new ArrayList<>();
      for (ClusterFacts c : List.copyOf(rest.values())) {
        if (group.groupClusterSelector() == null
            || (LabelSelectors.matches(group.groupClusterSelector().labelSelector(), c.labels())
                && ClusterSelectors.matchesClaims(
                    group.groupClusterSelector().claimSelector(), c))) {
          matched.add(c.name());
          rest.remove(c.name());
        }
      }
      chunk(group.groupName(), matched, length, groups);
    }
    chunk("", List.copyOf(rest.keySet()), length, groups);
    if (groups.isEmpty()) {
      groups.add(new PlacementDecisions.DecisionGroup(0, "", List.of()));
    }
    return groups;
  }

  private static void chunk(
      String name, List<String> clusters, int length, List<PlacementDecisions.DecisionGroup> out) {
    for (int from = 0; from < clusters.size(); from += length) {
      out.add(
          new PlacementDecisions.DecisionGroup(
              out.size(), name, clusters.subList(from, Math.min(clusters.size(), from + length))));
    }
  }
}
