package io.fleetflow.workflows.placement.scheduling;

import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.placement.PlacementSpec;
import io.fleetflow.model.placement.PlacementSpec.SpreadConstraint;
import io.fleetflow.workflows.placement.scheduling.SchedulingResult.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * OCM's placement scheduler as one pure function: the clusters of the eligible sets are filtered by
 * predicates and tolerations, scored by the prioritizers, ranked (score, then name), picked up to
 * {@code numberOfClusters} under the spread constraints, and grouped. It reads only its input and
 * keeps no state, so workflow code may call it and tests may call it with any {@code now}.
 */
public final class Scheduler {
  private static final String TRUE = "True";
  private static final String FALSE = "False";

  private Scheduler() {}

  /**
   * Whether a round of this placement depends on how many other placements selected each cluster.
   * Only the Balance prioritizer reads those counts, and scores only decide anything where the
   * ranking picks: when {@code numberOfClusters} can leave feasible clusters out, or spread
   * constraints choose among them. Without either every feasible cluster is selected and groups are
   * cut by name, so such a placement need not ask every other placement for its decisions.
   */
  public static boolean needsOtherDecisions(PlacementSpec spec) {
    boolean ranked =
        spec.getNumberOfClusters() != null
            || spec.getSpreadPolicy() != null
                && spec.getSpreadPolicy().spreadConstraints() != null
                && !spec.getSpreadPolicy().spreadConstraints().isEmpty();
    return ranked
        && Prioritizers.weights(spec.getPrioritizerPolicy())
                .getOrDefault(Prioritizers.key(Prioritizers.BALANCE), 0)
            != 0;
  }

  /** Schedules one round. */
  public static SchedulingResult schedule(SchedulingInput input) {
    PlacementSpec spec = input.placement().getSpec();
    Verdict configured =
        new Verdict(FALSE, "Succeedconfigured", "Placement configurations check pass");
    if (input.boundSets().isEmpty()) {
      return empty(
          new Verdict(
              FALSE,
              "NoManagedClusterSetBindings",
              "No valid ManagedClusterSetBindings found in placement namespace"),
          configured);
    }
    Set<String> eligibleSets = new TreeSet<>(input.boundSets().keySet());
    if (!spec.getClusterSets().isEmpty()) {
      eligibleSets.retainAll(spec.getClusterSets());
    }
    if (eligibleSets.isEmpty()) {
      return empty(
          new Verdict(
              FALSE,
              "NoIntersection",
              "None of ManagedClusterSets ["
                  + String.join(",", spec.getClusterSets())
                  + "] is bound to placement namespace"),
          configured);
    }
    Set<String> members = new TreeSet<>();
    eligibleSets.forEach(s -> members.addAll(input.boundSets().get(s)));
    List<ClusterFacts> available =
        input.clusters().stream().filter(c -> members.contains(c.name())).toList();
    if (available.isEmpty()) {
      return empty(
          new Verdict(
              FALSE,
              "AllManagedClusterSetsEmpty",
              "All ManagedClusterSets ["
                  + String.join(",", eligibleSets)
                  + "] have no member ManagedCluster"),
          configured);
    }

    List<ClusterFacts> feasible = new ArrayList<>();
    Instant nextExpiry = null;
    for (ClusterFacts c : available) {
      if (!ClusterSelectors.passes(spec.getPredicates(), c)) {
        continue;
      }
      Tolerations.Outcome outcome =
          Tolerations.check(
              c.taints(), spec.getTolerations(), input.previous().contains(c.name()), input.now());
      if (!outcome.tolerated()) {
        continue;
      }
      feasible.add(c);
      if (outcome.expiry() != null
          && (nextExpiry == null || outcome.expiry().isBefore(nextExpiry))) {
        nextExpiry = outcome.expiry();
      }
    }
    if (feasible.isEmpty()) {
      return new SchedulingResult(
          DecisionGroups.of(null, List.of()),
          Map.of(),
          new Verdict(
              FALSE,
              "NoManagedClusterMatched",
              "No ManagedCluster matches any of the cluster predicate"),
          configured,
          null);
    }

    Map<String, Integer> weights = Prioritizers.weights(spec.getPrioritizerPolicy());
    Map<String, Integer> scores = Prioritizers.score(weights, feasible, input);
    Instant scoresExpire = Prioritizers.nextScoreExpiry(weights, input.scores(), input.now());
    if (scoresExpire != null && (nextExpiry == null || scoresExpire.isBefore(nextExpiry))) {
      nextExpiry = scoresExpire;
    }
    List<ClusterFacts> ranked =
        feasible.stream()
            .sorted(
                Comparator.comparing((ClusterFacts c) -> -scores.get(c.name()))
                    .thenComparing(ClusterFacts::name))
            .toList();
    List<SpreadConstraint> constraints =
        spec.getSpreadPolicy() == null || spec.getSpreadPolicy().spreadConstraints() == null
            ? List.of()
            : spec.getSpreadPolicy().spreadConstraints();
    Verdict misconfigured = spreadProblem(constraints, feasible);
    if (misconfigured != null) {
      configured = misconfigured;
    }
    int wanted = spec.getNumberOfClusters() == null ? feasible.size() : spec.getNumberOfClusters();
    List<ClusterFacts> selected = Spread.pick(ranked, constraints, wanted);
    int unscheduled = wanted - selected.size();
    Verdict satisfied =
        unscheduled <= 0
            ? new Verdict(TRUE, "AllDecisionsScheduled", "All cluster decisions scheduled")
            : new Verdict(
                FALSE,
                "NotAllDecisionsScheduled",
                unscheduled
                    + " cluster decisions unscheduled"
                    + (selected.size() < Math.min(wanted, feasible.size())
                        ? " (spread constraints left "
                            + (Math.min(wanted, feasible.size()) - selected.size())
                            + " feasible clusters out)"
                        : ""));
    return new SchedulingResult(
        DecisionGroups.of(
            spec.getDecisionStrategy() == null ? null : spec.getDecisionStrategy().groupStrategy(),
            selected),
        scores,
        satisfied,
        configured,
        nextExpiry);
  }

  /**
   * A DoNotSchedule constraint whose key no feasible cluster carries cannot place anything: OCM
   * would call that a misconfigured plugin, so it is reported as one.
   */
  private static Verdict spreadProblem(
      List<SpreadConstraint> constraints, List<ClusterFacts> feasible) {
    for (SpreadConstraint k : constraints) {
      boolean anyHasKey = feasible.stream().anyMatch(c -> Spread.topology(k, c) != null);
      if (!anyHasKey && SpreadConstraint.DO_NOT_SCHEDULE.equals(k.effectiveWhenUnsatisfiable())) {
        return new Verdict(
            TRUE,
            "Misconfigured",
            "Spread: no feasible cluster has the "
                + k.topologyKeyType()
                + " "
                + k.topologyKey()
                + ", so whenUnsatisfiable DoNotSchedule selects nothing; label the clusters or"
                + " use ScheduleAnyway");
      }
    }
    return null;
  }

  private static SchedulingResult empty(Verdict satisfied, Verdict configured) {
    return new SchedulingResult(
        DecisionGroups.of(null, List.of()), Map.of(), satisfied, configured, null);
  }
}
