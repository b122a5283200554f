package io.fleetflow.workflows.placement;

import java.util.List;

/**
 * What a placement has decided, as its consumers (rollouts, add-ons) see it. The placement workflow
 * answers it to the {@code decisions} query and sends it with the {@link
 * PlacementSignals#DECISIONS_CHANGED} signal to every subscriber whenever it changes.
 *
 * @param namespace the placement's namespace
 * @param name the placement's name
 * @param revision increases by one with every change of the decisions
 * @param satisfied whether the placement selected as many clusters as it asked for
 * @param groups the decision groups in order; every selected cluster is in exactly one group
 */
public record PlacementDecisions(
    String namespace, String name, long revision, boolean satisfied, List<DecisionGroup> groups) {

  /** Returns every selected cluster, group by group. */
  public List<String> clusters() {
    return groups.stream().flatMap(g -> g.clusters().stream()).toList();
  }

  /**
   * One decision group, as OCM's {@code status.decisionGroups} names it.
   *
   * @param index the group's index, from 0
   * @param name the group's name, empty for groups made by {@code clustersPerDecisionGroup}
   * @param clusters the group's clusters, sorted by name
   */
  public record DecisionGroup(int index, String name, List<String> clusters) {}
}
