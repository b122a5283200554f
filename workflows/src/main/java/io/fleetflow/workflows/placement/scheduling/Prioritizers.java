package io.fleetflow.workflows.placement.scheduling;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.PlacementSpec.AddOnScore;
import io.fleetflow.model.placement.PlacementSpec.PrioritizerConfig;
import io.fleetflow.model.placement.PlacementSpec.PrioritizerPolicy;
import io.fleetflow.model.placement.PlacementSpec.ScoreCoordinate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OCM's prioritizers and how a placement weighs them. Each prioritizer scores a cluster from -100
 * to 100; a cluster's score is the sum of weight times score.
 */
final class Prioritizers {
  static final String STEADY = "Steady";
  static final String BALANCE = "Balance";
  static final String CPU = "ResourceAllocatableCPU";
  static final String MEMORY = "ResourceAllocatableMemory";
  private static final int MAX = 100;

  private Prioritizers() {}

  /**
   * Returns the weight of every prioritizer that counts, keyed by {@code BuiltIn/<name>} or {@code
   * AddOn/<resource>/<score>}: in Additive mode Steady and Balance weigh 1 unless configured; in
   * Exact mode only configured ones count. A later configuration of the same prioritizer wins.
   */
  static Map<String, Integer> weights(PrioritizerPolicy policy) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    boolean exact = policy != null && PrioritizerPolicy.EXACT.equals(policy.mode());
    if (!exact) {
      weights.put(key(STEADY), 1);
      weights.put(key(BALANCE), 1);
    }
    if (policy != null && policy.configurations() != null) {
      for (PrioritizerConfig config : policy.configurations()) {
        weights.put(key(config.scoreCoordinate()), config.effectiveWeight());
      }
    }
    return weights;
  }

  /** Returns each cluster's total score. */
  static Map<String, Integer> score(
      Map<String, Integer> weights, List<ClusterFacts> clusters, SchedulingInput input) {
    Map<String, Integer> total = new TreeMap<>();
    clusters.forEach(c -> total.put(c.name(), 0));
    for (Map.Entry<String, Integer> weight : weights.entrySet()) {
      if (weight.getValue() == 0) {
        continue;
      }
      Map<String, Integer> scores = scores(weight.getKey(), clusters, input);
      scores.forEach((name, s) -> total.merge(name, weight.getValue() * s, Integer::sum));
    }
    return total;
  }

  /** One prioritizer's scores; clusters it has nothing to say about are left out (score 0). */
  static Map<String, Integer> scores(
      String prioritizer, List<ClusterFacts> clusters, SchedulingInput input) {
    Map<String, Integer> scores = new TreeMap<>();
    if (prioritizer.equals(key(STEADY))) {
      clusters.forEach(c -> scores.put(c.name(), input.previous().contains(c.name()) ? MAX : 0));
    } else if (prioritizer.equals(key(BALANCE))) {
      int most = input.otherDecisions().values().stream().mapToInt(i -> i).max().orElse(0);
      for (ClusterFacts c : clusters) {
        int count = input.otherDecisions().getOrDefault(c.name(), 0);
        double usage = most == 0 ? 0 : (double) count / most;
        scores.put(c.name(), 2 * (int) (MAX * (0.5 - usage)));
      }
    } else if (prioritizer.equals(key(CPU))) {
      return allocatable("cpu", clusters);
    } else if (prioritizer.equals(key(MEMORY))) {
      return allocatable("memory", clusters);
    } else if (prioritizer.startsWith(ScoreCoordinate.ADD_ON + "/")) {
      String[] parts = prioritizer.split("/", 3);
      return addOn(parts[1], parts[2], clusters, input.scores(), input.now());
    }
    return scores;
  }

  /**
   * Min-max normalisation of an allocatable resource to -100..100, as OCM's resource prioritizer
   * does; when every cluster has as much, each scores 100.
   */
  private static Map<String, Integer> allocatable(String resource, List<ClusterFacts> clusters) {
    Map<String, Double> amounts = new TreeMap<>();
    for (ClusterFacts c : clusters) {
      String value = c.allocatable().get(resource);
      if (value != null) {
        try {
          amounts.put(c.name(), Quantity.getAmountInBytes(new Quantity(value)).doubleValue());
        } catch (IllegalArgumentException e) {
          // A quantity the cluster reported wrongly scores nothing, like a missing one.
        }
      }
    }
    Map<String, Integer> scores = new TreeMap<>();
    if (amounts.isEmpty()) {
      return scores;
    }
    double min = amounts.values().stream().mapToDouble(d -> d).min().orElse(0);
    double max = amounts.values().stream().mapToDouble(d -> d).max().orElse(0);
    amounts.forEach(
        (name, amount) ->
            scores.put(
                name, max == min ? MAX : (int) (((amount - min) / (max - min) - 0.5) * 2 * MAX)));
    return scores;
  }

  /** The add-on's published score on each cluster; missing or expired scores count as 0. */
  private static Map<String, Integer> addOn(
      String resource,
      String scoreName,
      List<ClusterFacts> clusters,
      List<AddOnPlacementScore> published,
      Instant now) {
    Map<String, AddOnPlacementScore> byCluster = new TreeMap<>();
    for (AddOnPlacementScore s : published) {
      if (resource.equals(s.getMetadata().getName())) {
        byCluster.put(s.getMetadata().getNamespace(), s);
      }
    }
    Map<String, Integer> scores = new TreeMap<>();
    for (ClusterFacts c : clusters) {
      AddOnPlacementScore s = byCluster.get(c.name());
      if (s == null || s.getStatus() == null) {
        continue;
      }
      String validUntil = s.getStatus().getValidUntil();
      if (validUntil != null
          && !now.isBefore(java.time.OffsetDateTime.parse(validUntil).toInstant())) {
        continue;
      }
      s.getStatus().getScores().stream()
          .filter(v -> scoreName.equals(v.name()) && v.value() != null)
          .findFirst()
          .ifPresent(v -> scores.put(c.name(), Math.max(-MAX, Math.min(MAX, v.value()))));
    }
    return scores;
  }

  /**
   * Returns when the first score that a weighted AddOn prioritizer uses runs out ({@code
   * validUntil} after now), or null: the placement must schedule again then.
   */
  static Instant nextScoreExpiry(
      Map<String, Integer> weights, List<AddOnPlacementScore> published, Instant now) {
    Instant earliest = null;
    for (AddOnPlacementScore s : published) {
      if (s.getStatus() == null || s.getStatus().getValidUntil() == null) {
        continue;
      }
      String prefix = ScoreCoordinate.ADD_ON + "/" + s.getMetadata().getName() + "/";
      boolean used =
          weights.entrySet().stream()
              .anyMatch(w -> w.getValue() != 0 && w.getKey().startsWith(prefix));
      Instant until = java.time.OffsetDateTime.parse(s.getStatus().getValidUntil()).toInstant();
      if (used && until.isAfter(now) && (earliest == null || until.isBefore(earliest))) {
        earliest = until;
      }
    }
    return earliest;
  }

  static String key(String builtIn) {
    return ScoreCoordinate.BUILT_IN + "/" + builtIn;
  }

  static String key(ScoreCoordinate coordinate) {
    if (ScoreCoordinate.ADD_ON.equals(coordinate.effectiveType())) {
      AddOnScore addOn = coordinate.addOn();
      return ScoreCoordinate.ADD_ON + "/" + addOn.resourceName() + "/" + addOn.scoreName();
    }
    return key(coordinate.builtIn());
  }
}
