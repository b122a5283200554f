package io.fleetflow.workflows.placement.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementSpec;
import io.fleetflow.model.placement.PlacementValidators;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scheduling scenarios, one row each: a placement spec (as OCM YAML), a fleet, and what the
 * scheduler must decide. Groups are rendered as {@code name=c1,c2 | c3}; unnamed groups have no
 * prefix.
 */
class SchedulerTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void schedules(Scenario scenario) throws Exception {
    PlacementSpec spec = YAML.readValue(scenario.spec, PlacementSpec.class);
    Placement placement = new Placement();
    placement.getMetadata().setName("web");
    placement.getMetadata().setNamespace("apps");
    placement.setSpec(spec);
    assertThat(PlacementValidators.PLACEMENTS.validateCreate(placement))
        .as("the scenario's placement is valid")
        .isEmpty();
    Map<String, List<String>> bound =
        scenario.boundSets != null
            ? scenario.boundSets
            : Map.of("prod", scenario.clusters.stream().map(ClusterFacts::name).toList());

    SchedulingResult result = schedule(placement, scenario, bound, scenario.other);

    assertThat(render(result)).isEqualTo(scenario.groups);
    assertThat(result.satisfied().reason()).isEqualTo(scenario.reason);
    assertThat(result.satisfied().isTrue())
        .isEqualTo(scenario.reason.equals("AllDecisionsScheduled"));
    if (scenario.scores_ != null) {
      assertThat(result.scores()).isEqualTo(scenario.scores_);
    }
    assertThat(result.nextExpiry()).isEqualTo(scenario.expiry);
    assertThat(result.misconfigured().isTrue()).isEqualTo(scenario.misconfigured);
    if (!Scheduler.needsOtherDecisions(spec)) {
      assertThat(render(schedule(placement, scenario, bound, Map.of())))
          .as("a spec that needs no Balance counts decides the same without them")
          .isEqualTo(scenario.groups);
    }
  }

  private static SchedulingResult schedule(
      Placement placement,
      Scenario scenario,
      Map<String, List<String>> bound,
      Map<String, Integer> otherDecisions) {
    return Scheduler.schedule(
        new SchedulingInput(
            placement,
            scenario.clusters,
            bound,
            scenario.scores,
            otherDecisions,
            scenario.previous,
            NOW));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                                        | false",
        "{numberOfClusters: 2}                                     | true",
        "{spreadPolicy: {spreadConstraints: [{topologyKey: zone, topologyKeyType: Label}]}} | true",
        "{spreadPolicy: {spreadConstraints: []}}                   | false",
        "{numberOfClusters: 2, prioritizerPolicy: {mode: Exact}}   | false",
        "{numberOfClusters: 2, prioritizerPolicy: {configurations: [{scoreCoordinate: {builtIn: Balance}, weight: 0}]}} | false",
        "{numberOfClusters: 2, prioritizerPolicy: {mode: Exact, configurations: [{scoreCoordinate: {builtIn: Balance}, weight: 2}]}} | true",
      })
  void aRoundAsksForOtherDecisionsOnlyWhenBalanceCanChangeWhatIsPicked(String spec, boolean needs)
      throws Exception {
    assertThat(Scheduler.needsOtherDecisions(YAML.readValue(spec, PlacementSpec.class)))
        .isEqualTo(needs);
  }

  static Stream<Scenario> scenarios() {
    List<ClusterFacts> abc = List.of(c("c1").build(), c("c2").build(), c("c3").build());
    List<ClusterFacts> labelled =
        List.of(
            c("c1").label("env", "prod").claim("region", "eu").build(),
            c("c2").label("env", "prod").claim("region", "us").build(),
            c("c3").label("env", "dev").claim("region", "eu").build());
    return Stream.of(
        // Sets and bindings.
        s("no predicates select every member of the bound sets", "{}", abc)
            .expect("c1,c2,c3", "AllDecisionsScheduled"),
        s("clusterSets are intersected with the bound sets", "{clusterSets: [prod, staging]}", abc)
            .bound(Map.of("prod", List.of("c1"), "dev", List.of("c2", "c3")))
            .expect("c1", "AllDecisionsScheduled"),
        s("without bindings nothing is selected", "{}", abc)
            .bound(Map.of())
            .expect("", "NoManagedClusterSetBindings"),
        s("sets that are not bound select nothing", "{clusterSets: [staging]}", abc)
            .expect("", "NoIntersection"),
        s("bound sets without members select nothing", "{}", abc)
            .bound(Map.of("prod", List.of()))
            .expect("", "AllManagedClusterSetsEmpty"),
        // Predicates.
        s(
                "labelSelector",
                "{predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: prod}}}}]}",
                labelled)
            .expect("c1,c2", "AllDecisionsScheduled"),
        s(
                "claimSelector",
                "{predicates: [{requiredClusterSelector: {claimSelector: {matchExpressions:"
                    + " [{key: region, operator: In, values: [eu]}]}}}]}",
                labelled)
            .expect("c1,c3", "AllDecisionsScheduled"),
        s(
                "celSelector",
                "{predicates: [{requiredClusterSelector: {celSelector: {celExpressions:"
                    + " ['managedCluster.metadata.labels[\"env\"] == \"dev\"']}}}]}",
                labelled)
            .expect("c3", "AllDecisionsScheduled"),
        s(
                "selectors inside one predicate are ANDed",
                "{predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: prod}},"
                    + " claimSelector: {matchExpressions: [{key: region, operator: In, values: [eu]}]},"
                    + " celSelector: {celExpressions: ['managedCluster.metadata.name != \"\"']}}}]}",
                labelled)
            .expect("c1", "AllDecisionsScheduled"),
        s(
                "predicates are ORed",
                "{predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: dev}}}},"
                    + " {requiredClusterSelector: {claimSelector: {matchExpressions:"
                    + " [{key: region, operator: In, values: [us]}]}}}]}",
                labelled)
            .expect("c2,c3", "AllDecisionsScheduled"),
        s(
                "no cluster matches",
                "{predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: qa}}}}]}",
                labelled)
            .expect("", "NoManagedClusterMatched"),
        // numberOfClusters.
        s("equal scores are broken by name", "{numberOfClusters: 2}", abc)
            .expect("c1,c2", "AllDecisionsScheduled"),
        s("fewer matches than asked for", "{numberOfClusters: 5}", abc)
            .expect("c1,c2,c3", "NotAllDecisionsScheduled"),
        // Prioritizers.
        s("Steady keeps a cluster already decided (Additive default)", "{numberOfClusters: 1}", abc)
            .previous("c3")
            .scores(Map.of("c1", 100, "c2", 100, "c3", 200))
            .expect("c3", "AllDecisionsScheduled"),
        s("Balance prefers clusters other placements use least", "{numberOfClusters: 1}", abc)
            .other(Map.of("c1", 2, "c2", 1))
            .scores(Map.of("c1", -100, "c2", 0, "c3", 100))
            .expect("c3", "AllDecisionsScheduled"),
        s("Balance scores but picks nothing when every match is selected", "{}", abc)
            .other(Map.of("c1", 2, "c2", 1))
            .scores(Map.of("c1", -100, "c2", 0, "c3", 100))
            .expect("c1,c2,c3", "AllDecisionsScheduled"),
        s(
                "ResourceAllocatableCPU is min-max normalised (Exact)",
                "{numberOfClusters: 1, prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableCPU}}]}}",
                List.of(
                    c("c1").cpu("2").build(),
                    c("c2").cpu("6").build(),
                    c("c3").cpu("4000m").build()))
            .scores(Map.of("c1", -100, "c2", 100, "c3", 0))
            .expect("c2", "AllDecisionsScheduled"),
        s(
                "ResourceAllocatableMemory reads quantities",
                "{numberOfClusters: 1, prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableMemory}}]}}",
                List.of(
                    c("c1").memory("1Gi").build(),
                    c("c2").memory("3Gi").build(),
                    c("c3").memory("2Gi").build()))
            .scores(Map.of("c1", -100, "c2", 100, "c3", 0))
            .expect("c2", "AllDecisionsScheduled"),
        s(
                "equal allocatable scores 100 each",
                "{prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableCPU}}]}}",
                List.of(c("c1").cpu("4").build(), c("c2").cpu("4").build(), c("c3").build()))
            .scores(Map.of("c1", 100, "c2", 100, "c3", 0))
            .expect("c1,c2,c3", "AllDecisionsScheduled"),
        s(
                "a negative weight prefers the smallest",
                "{numberOfClusters: 1, prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableCPU}, weight: -2}]}}",
                List.of(
                    c("c1").cpu("2").build(), c("c2").cpu("6").build(), c("c3").cpu("4").build()))
            .scores(Map.of("c1", 200, "c2", -200, "c3", 0))
            .expect("c1", "AllDecisionsScheduled"),
        s(
                "AddOn scores count until validUntil; expired and missing count 0",
                "{numberOfClusters: 1, prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {type: AddOn, addOn: {resourceName: usage, scoreName: cpu}}, weight: 3}]}}",
                List.of(c("c1").build(), c("c2").build(), c("c3").build()))
            .addOnScores(
                score("c1", "usage", "cpu", 40, "2026-01-01T02:00:00Z"),
                score("c2", "usage", "cpu", 90, "2026-01-01T00:59:59Z"),
                score("c3", "other", "cpu", 100, null))
            .scores(Map.of("c1", 120, "c2", 0, "c3", 0))
            .expiry(Instant.parse("2026-01-01T02:00:00Z"))
            .expect("c1", "AllDecisionsScheduled"),
        s(
                "Exact mode ignores Steady and Balance unless listed",
                "{numberOfClusters: 1, prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableCPU}}]}}",
                List.of(c("c1").cpu("8").build(), c("c2").cpu("1").build()))
            .previous("c2")
            .other(Map.of("c1", 5))
            .scores(Map.of("c1", 100, "c2", -100))
            .expect("c1", "AllDecisionsScheduled"),
        s(
                "Additive mode adds configured prioritizers to Steady and Balance",
                "{numberOfClusters: 1, prioritizerPolicy: {configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableCPU}, weight: 3}]}}",
                List.of(c("c1").cpu("8").build(), c("c2").cpu("1").build()))
            .previous("c2")
            .scores(Map.of("c1", 400, "c2", -100))
            .expect("c1", "AllDecisionsScheduled"),
        s(
                "Additive mode with Steady weighed 0",
                "{numberOfClusters: 1, prioritizerPolicy: {configurations:"
                    + " [{scoreCoordinate: {builtIn: Steady}, weight: 0}]}}",
                abc)
            .previous("c3")
            .scores(Map.of("c1", 100, "c2", 100, "c3", 100))
            .expect("c1", "AllDecisionsScheduled"),
        // Tolerations.
        s("an untolerated NoSelect taint keeps a cluster out", "{}", tainted("NoSelect", null))
            .expect("c1", "AllDecisionsScheduled"),
        s(
                "Equal matches key and value",
                "{tolerations: [{key: gpu, operator: Equal, value: busy}]}",
                tainted("NoSelect", null))
            .expect("c1,c2", "AllDecisionsScheduled"),
        s(
                "Equal with another value does not tolerate",
                "{tolerations: [{key: gpu, value: idle}]}",
                tainted("NoSelect", null))
            .expect("c1", "AllDecisionsScheduled"),
        s(
                "Exists with no key tolerates every taint",
                "{tolerations: [{operator: Exists}]}",
                tainted("NoSelect", null))
            .expect("c1,c2", "AllDecisionsScheduled"),
        s(
                "a toleration for another effect does not tolerate",
                "{tolerations: [{key: gpu, operator: Exists, effect: NoSelectIfNew}]}",
                tainted("NoSelect", null))
            .expect("c1", "AllDecisionsScheduled"),
        s("PreferNoSelect is always tolerated", "{}", tainted("PreferNoSelect", null))
            .expect("c1,c2", "AllDecisionsScheduled"),
        s("NoSelectIfNew keeps new clusters out", "{}", tainted("NoSelectIfNew", null))
            .expect("c1", "AllDecisionsScheduled"),
        s("NoSelectIfNew keeps clusters already decided", "{}", tainted("NoSelectIfNew", null))
            .previous("c2")
            .expect("c1,c2", "AllDecisionsScheduled"),
        s(
                "tolerationSeconds counts from timeAdded and reports the expiry",
                "{tolerations: [{key: gpu, operator: Exists, tolerationSeconds: 3700}]}",
                tainted("NoSelect", "2026-01-01T00:00:00Z"))
            .expiry(Instant.parse("2026-01-01T01:01:40Z"))
            .expect("c1,c2", "AllDecisionsScheduled"),
        s(
                "an expired toleration evicts",
                "{tolerations: [{key: gpu, operator: Exists, tolerationSeconds: 3600}]}",
                tainted("NoSelect", "2026-01-01T00:00:00Z"))
            .previous("c1", "c2")
            .expect("c1", "AllDecisionsScheduled"),
        // Decision groups.
        s(
                "named groups first, then the rest by count",
                "{decisionStrategy: {groupStrategy: {clustersPerDecisionGroup: 2, decisionGroups:"
                    + " [{groupName: canary, groupClusterSelector: {labelSelector: {matchLabels: {canary: 'true'}}}}]}}}",
                List.of(
                    c("c1").build(),
                    c("c2").build(),
                    c("c3").label("canary", "true").build(),
                    c("c4").build(),
                    c("c5").build(),
                    c("c6").label("canary", "true").build(),
                    c("c7").label("canary", "true").build()))
            .expect("canary=c3,c6 | canary=c7 | c1,c2 | c4,c5", "AllDecisionsScheduled"),
        s(
                "a percentage of all selected clusters, rounded up",
                "{decisionStrategy: {groupStrategy: {clustersPerDecisionGroup: 40%}}}",
                List.of(
                    c("c1").build(),
                    c("c2").build(),
                    c("c3").build(),
                    c("c4").build(),
                    c("c5").build()))
            .expect("c1,c2 | c3,c4 | c5", "AllDecisionsScheduled"),
        s(
                "a group selects by claims too",
                "{decisionStrategy: {groupStrategy: {decisionGroups: [{groupName: eu,"
                    + " groupClusterSelector: {claimSelector: {matchExpressions: [{key: region, operator: In, values: [eu]}]}}}]}}}",
                labelled)
            .expect("eu=c1,c3 | c2", "AllDecisionsScheduled"),
        // Spread constraints.
        s(
                "DoNotSchedule spreads the top N over zones",
                "{numberOfClusters: 2, prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableCPU}}]},"
                    + " spreadPolicy: {spreadConstraints: [{topologyKey: zone, topologyKeyType: Label, maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]}}",
                zones())
            .scores(Map.of("a1", 100, "a2", 50, "a3", 0, "b1", -100))
            .expect("a1,b1", "AllDecisionsScheduled"),
        s(
                "DoNotSchedule leaves clusters out rather than break the skew",
                "{spreadPolicy: {spreadConstraints: [{topologyKey: zone, topologyKeyType: Label, maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]}}",
                zones())
            .expect("a1,a2,b1", "NotAllDecisionsScheduled"),
        s(
                "ScheduleAnyway prefers spreading but selects everything",
                "{numberOfClusters: 3, prioritizerPolicy: {mode: Exact, configurations:"
                    + " [{scoreCoordinate: {builtIn: ResourceAllocatableCPU}}]},"
                    + " spreadPolicy: {spreadConstraints: [{topologyKey: zone, topologyKeyType: Label, maxSkew: 1}]}}",
                zones())
            .scores(Map.of("a1", 100, "a2", 50, "a3", 0, "b1", -100))
            .expect("a1,a2,b1", "AllDecisionsScheduled"),
        s(
                "spread by a claim",
                "{numberOfClusters: 2, spreadPolicy: {spreadConstraints: [{topologyKey: region,"
                    + " topologyKeyType: Claim, maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]}}",
                labelled)
            .expect("c1,c2", "AllDecisionsScheduled"),
        s(
                "a hard spread key that no cluster has is misconfigured",
                "{spreadPolicy: {spreadConstraints: [{topologyKey: rack, topologyKeyType: Label,"
                    + " whenUnsatisfiable: DoNotSchedule}]}}",
                abc)
            .misconfigured()
            .expect("", "NotAllDecisionsScheduled"));
  }

  private static List<ClusterFacts> tainted(String effect, String timeAdded) {
    return List.of(
        c("c1").build(), c("c2").taint(new Taint("gpu", "busy", effect, timeAdded)).build());
  }

  private static List<ClusterFacts> zones() {
    return List.of(
        c("a1").label("zone", "a").cpu("8").build(),
        c("a2").label("zone", "a").cpu("6").build(),
        c("a3").label("zone", "a").cpu("4").build(),
        c("b1").label("zone", "b").cpu("0").build());
  }

  static String render(SchedulingResult result) {
    return result.groups().stream()
        .filter(g -> !g.clusters().isEmpty())
        .map(g -> (g.name().isEmpty() ? "" : g.name() + "=") + String.join(",", g.clusters()))
        .collect(Collectors.joining(" | "));
  }

  static AddOnPlacementScore score(
      String cluster, String name, String scoreName, int value, String validUntil) {
    AddOnPlacementScore score = new AddOnPlacementScore();
    score.getMetadata().setName(name);
    score.getMetadata().setNamespace(cluster);
    score.getStatus().getScores().add(new AddOnPlacementScore.Score(scoreName, value));
    score.getStatus().setValidUntil(validUntil);
    return score;
  }

  static ClusterBuilder c(String name) {
    return new ClusterBuilder(name);
  }

  /** Builds a cluster's facts step by step. */
  static final class ClusterBuilder {
    private final String name;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> claims = new TreeMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private final Map<String, String> allocatable = new TreeMap<>();

    ClusterBuilder(String name) {
      this.name = name;
    }

    ClusterBuilder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    ClusterBuilder claim(String key, String value) {
      claims.put(key, value);
      return this;
    }

    ClusterBuilder taint(Taint taint) {
      taints.add(taint);
      return this;
    }

    ClusterBuilder cpu(String quantity) {
      allocatable.put("cpu", quantity);
      return this;
    }

    ClusterBuilder memory(String quantity) {
      allocatable.put("memory", quantity);
      return this;
    }

    ClusterFacts build() {
      return new ClusterFacts(name, labels, claims, taints, allocatable);
    }
  }

  static Scenario s(String name, String spec, List<ClusterFacts> clusters) {
    return new Scenario(name, spec, clusters);
  }

  /** One row of the table. */
  static final class Scenario {
    final String name;
    final String spec;
    final List<ClusterFacts> clusters;
    Map<String, List<String>> boundSets;
    Set<String> previous = Set.of();
    Map<String, Integer> other = Map.of();
    List<AddOnPlacementScore> scores = List.of();
    Map<String, Integer> scores_;
    String groups;
    String reason;
    Instant expiry;
    boolean misconfigured;

    Scenario(String name, String spec, List<ClusterFacts> clusters) {
      this.name = name;
      this.spec = spec;
      this.clusters = clusters;
    }

    Scenario bound(Map<String, List<String>> sets) {
      this.boundSets = sets;
      return this;
    }

    Scenario previous(String... clusters) {
      this.previous = Set.of(clusters);
      return this;
    }

    Scenario other(Map<String, Integer> counts) {
      this.other = counts;
      return this;
    }

    Scenario addOnScores(AddOnPlacementScore... published) {
      this.scores = List.of(published);
      return this;
    }

    Scenario scores(Map<String, Integer> expected) {
      this.scores_ = new LinkedHashMap<>(new TreeMap<>(expected));
      return this;
    }

    Scenario expiry(Instant expected) {
      this.expiry = expected;
      return this;
    }

    Scenario misconfigured() {
      this.misconfigured = true;
      return this;
    }

    Scenario expect(String groups, String reason) {
      this.groups = groups;
      this.reason = reason;
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
