package io.fleetflow.workflows.placement.scheduling;

import io.fleetflow.workflows.placement.PlacementDecisions.DecisionGroup;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one scheduling round decided.
 *
 * @param groups the decision groups, in order, each sorted by cluster name; at least one group
 * @param scores the total score of every feasible cluster, selected or not
 * @param satisfied OCM's {@code PlacementSatisfied} condition
 * @param misconfigured OCM's {@code PlacementMisconfigured} condition
 * @param nextExpiry when the earliest toleration of a feasible cluster lapses or a score in use
 *     runs out ({@code validUntil}), or null: the decisions may change then without any other
 *     change
 */
public record SchedulingResult(
    List<DecisionGroup> groups,
    Map<String, Integer> scores,
    Verdict satisfied,
    Verdict misconfigured,
    Instant nextExpiry) {

  /** Returns every selected cluster, group by group. */
  public List<String> clusters() {
    return groups.stream().flatMap(g -> g.clusters().stream()).toList();
  }

  /**
   * One condition's status, reason and message.
   *
   * @param status True or False
   * @param reason OCM's reason
   * @param message what it means for the placement's owner
   */
  public record Verdict(String status, String reason, String message) {
    public boolean isTrue() {
      return "True".equals(status);
    }
  }
}
