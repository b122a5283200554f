package io.fleetflow.workflows.placement.scheduling;

import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.placement.PlacementSpec.SpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Picks clusters in score order while keeping each spread constraint: per topology (the value of a
 * label or claim) the number selected may exceed the smallest count over all topologies by at most
 * {@code maxSkew}. {@code DoNotSchedule} leaves a cluster out rather than break the skew, and
 * leaves out clusters without the topology key; {@code ScheduleAnyway} picks the cluster whose
 * topology has the fewest selected when none keeps the skew. OCM accepts the field but ignores it.
 */
final class Spread {
  private Spread() {}

  /**
   * Returns up to {@code limit} clusters from {@code ranked} (best first), honouring the
   * constraints.
   */
  static List<ClusterFacts> pick(
      List<ClusterFacts> ranked, List<SpreadConstraint> constraints, int limit) {
    if (constraints.isEmpty()) {
      return ranked.subList(0, Math.min(limit, ranked.size()));
    }
    List<ClusterFacts> candidates = new LinkedList<>();
    for (ClusterFacts c : ranked) {
      if (constraints.stream().allMatch(k -> !hard(k) || topology(k, c) != null)) {
        candidates.add(c);
      }
    }
    List<Map<String, Integer>> counts = new ArrayList<>();
    List<Map<String, Integer>> remaining = new ArrayList<>();
    for (SpreadConstraint k : constraints) {
      // Every topology that a candidate lives in counts, selected or not yet, so that a
      // topology with nothing chosen holds the others back.
      Map<String, Integer> perTopology = new LinkedHashMap<>();
      Map<String, Integer> left = new HashMap<>();
      for (ClusterFacts c : candidates) {
        String t = topology(k, c);
        if (t != null) {
          perTopology.put(t, 0);
          left.merge(t, 1, Integer::sum);
        }
      }
      counts.add(perTopology);
      remaining.add(left);
    }
    List<ClusterFacts> picked = new ArrayList<>();
    while (picked.size() < limit && !candidates.isEmpty()) {
      ClusterFacts next = firstKeepingSkew(candidates, constraints, counts, remaining);
      if (next == null) {
        next = fallback(candidates, constraints, counts);
      }
      if (next == null) {
        break;
      }
      candidates.remove(next);
      picked.add(next);
      for (int i = 0; i < constraints.size(); i++) {
        String t = topology(constraints.get(i), next);
        if (t != null) {
          counts.get(i).merge(t, 1, Integer::sum);
          remaining.get(i).merge(t, -1, Integer::sum);
        }
      }
    }
    return picked;
  }

  private static ClusterFacts firstKeepingSkew(
      List<ClusterFacts> candidates,
      List<SpreadConstraint> constraints,
      List<Map<String, Integer>> counts,
      List<Map<String, Integer>> remaining) {
    for (ClusterFacts c : candidates) {
      boolean keeps = true;
      for (int i = 0; i < constraints.size() && keeps; i++) {
        keeps = keepsSkew(constraints.get(i), c, counts.get(i), remaining.get(i));
      }
      if (keeps) {
        return c;
      }
    }
    return null;
  }

  /**
   * When no candidate keeps every skew, only soft constraints may give way: the candidate whose
   * topologies under the soft constraints are least used is taken, if it keeps the hard ones.
   */
  private static ClusterFacts fallback(
      List<ClusterFacts> candidates,
      List<SpreadConstraint> constraints,
      List<Map<String, Integer>> counts) {
    ClusterFacts best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (ClusterFacts c : candidates) {
      int load = 0;
      boolean hardOk = true;
      for (int i = 0; i < constraints.size(); i++) {
        SpreadConstraint k = constraints.get(i);
        String t = topology(k, c);
        if (hard(k)) {
          hardOk &= keepsSkew(k, c, counts.get(i), Map.of());
        } else if (t != null) {
          load += counts.get(i).getOrDefault(t, 0);
        }
      }
      if (hardOk && load < bestLoad) {
        best = c;
        bestLoad = load;
      }
    }
    return best;
  }

  private static boolean keepsSkew(
      SpreadConstraint k,
      ClusterFacts c,
      Map<String, Integer> counts,
      Map<String, Integer> remaining) {
    String t = topology(k, c);
    if (t == null) {
      return true;
    }
    int min = Integer.MAX_VALUE;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      // A soft constraint stops waiting for topologies that have no candidates left.
      if (!hard(k) && remaining.getOrDefault(e.getKey(), 0) == 0) {
        continue;
      }
      min = Math.min(min, e.getValue());
    }
    if (min == Integer.MAX_VALUE) {
      return true;
    }
    return counts.getOrDefault(t, 0) + 1 - min <= k.effectiveMaxSkew();
  }

  private static boolean hard(SpreadConstraint k) {
    return SpreadConstraint.DO_NOT_SCHEDULE.equals(k.effectiveWhenUnsatisfiable());
  }

  /** The cluster's topology under the constraint: its label's or claim's value, or null. */
  static String topology(SpreadConstraint k, ClusterFacts c) {
    return SpreadConstraint.CLAIM.equals(k.topologyKeyType())
        ? c.claims().get(k.topologyKey())
        : c.labels().get(k.topologyKey());
  }
}
