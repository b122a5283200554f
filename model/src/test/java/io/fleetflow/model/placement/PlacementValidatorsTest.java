package io.fleetflow.model.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fleetflow.model.validation.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OCM placement YAML as written, OCM's admission rules, and the CEL environment. */
class PlacementValidatorsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void ocmsFullExampleIsValid() throws Exception {
    Placement placement =
        YAML.readValue(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: web, namespace: apps}
            spec:
              clusterSets: [prod]
              numberOfClusters: 3
              predicates:
                - requiredClusterSelector:
                    labelSelector: {matchLabels: {env: prod}}
                    claimSelector:
                      matchExpressions: [{key: region.open-cluster-management.io, operator: In, values: [eu]}]
                    celSelector:
                      celExpressions: ['managedCluster.metadata.labels["tier"] == "gold"']
              prioritizerPolicy:
                mode: Exact
                configurations:
                  - scoreCoordinate: {builtIn: ResourceAllocatableCPU}
                    weight: 2
                  - scoreCoordinate: {type: AddOn, addOn: {resourceName: usage, scoreName: cpu}}
                    weight: -1
              spreadPolicy:
                spreadConstraints: [{topologyKey: zone, topologyKeyType: Label, maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]
              tolerations:
                - {key: cluster.open-cluster-management.io/unreachable, operator: Exists, tolerationSeconds: 300}
              decisionStrategy:
                groupStrategy:
                  decisionGroups: [{groupName: canary, groupClusterSelector: {labelSelector: {matchLabels: {canary: "true"}}}}]
                  clustersPerDecisionGroup: 25%
            """,
            Placement.class);

    assertThat(PlacementValidators.PLACEMENTS.validateCreate(placement)).isEmpty();
    assertThat(placement.getSpec().getDecisionStrategy().groupStrategy().clustersPerDecisionGroup())
        .isEqualTo(new IntOrString("25%"));
  }

  @ParameterizedTest(name = "{0} is refused at {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "predicates: [{requiredClusterSelector: {labelSelector: {matchExpressions: [{key: a, operator: Near}]}}}]"
            + "|spec.predicates[0].requiredClusterSelector.labelSelector.matchExpressions[0].operator",
        "predicates: [{requiredClusterSelector: {claimSelector: {matchExpressions: [{key: a, operator: In}]}}}]"
            + "|spec.predicates[0].requiredClusterSelector.claimSelector.matchExpressions[0].values",
        "predicates: [{requiredClusterSelector: {celSelector: {celExpressions: ['managedCluster.metadata.labels[']}}}]"
            + "|spec.predicates[0].requiredClusterSelector.celSelector.celExpressions[0]",
        "predicates: [{requiredClusterSelector: {celSelector: {celExpressions: ['1 + 2']}}}]"
            + "|spec.predicates[0].requiredClusterSelector.celSelector.celExpressions[0]",
        "prioritizerPolicy: {configurations: [{scoreCoordinate: {builtIn: Balance}, weight: 11}]}"
            + "|spec.prioritizerPolicy.configurations[0].weight",
        "prioritizerPolicy: {configurations: [{scoreCoordinate: {builtIn: Balance}, weight: -11}]}"
            + "|spec.prioritizerPolicy.configurations[0].weight",
        "prioritizerPolicy: {configurations: [{scoreCoordinate: {builtIn: Cheapest}}]}"
            + "|spec.prioritizerPolicy.configurations[0].scoreCoordinate.builtIn",
        "prioritizerPolicy: {configurations: [{scoreCoordinate: {type: AddOn, addOn: {resourceName: x}}}]}"
            + "|spec.prioritizerPolicy.configurations[0].scoreCoordinate.addOn",
        "prioritizerPolicy: {mode: Greedy}|spec.prioritizerPolicy.mode",
        "decisionStrategy: {groupStrategy: {clustersPerDecisionGroup: 150%}}"
            + "|spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup",
        "decisionStrategy: {groupStrategy: {clustersPerDecisionGroup: half}}"
            + "|spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup",
        "decisionStrategy: {groupStrategy: {clustersPerDecisionGroup: -1}}"
            + "|spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup",
        "decisionStrategy: {groupStrategy: {decisionGroups: [{groupName: a}, {groupName: a}]}}"
            + "|spec.decisionStrategy.groupStrategy.decisionGroups[1].groupName",
        "tolerations: [{key: k, operator: Exists, value: v}]|spec.tolerations[0].value",
        "tolerations: [{key: k, operator: Like}]|spec.tolerations[0].operator",
        "tolerations: [{key: k, effect: NoSchedule}]|spec.tolerations[0].effect",
        "tolerations: [{operator: Equal, value: v}]|spec.tolerations[0].key",
        "tolerations: [{key: k, tolerationSeconds: -1}]|spec.tolerations[0].tolerationSeconds",
        "spreadPolicy: {spreadConstraints: [{topologyKey: zone, topologyKeyType: Annotation}]}"
            + "|spec.spreadPolicy.spreadConstraints[0].topologyKeyType",
        "spreadPolicy: {spreadConstraints: [{topologyKey: zone, topologyKeyType: Label, maxSkew: 0}]}"
            + "|spec.spreadPolicy.spreadConstraints[0].maxSkew",
        "numberOfClusters: -1|spec.numberOfClusters",
      })
  void badSpecsAreRefusedWithTheFieldNamed(String spec, String field) throws Exception {
    Placement placement =
        YAML.readValue(
            "apiVersion: cluster.open-cluster-management.io/v1beta1\n"
                + "kind: Placement\n"
                + "metadata: {name: p, namespace: apps}\n"
                + "spec: {"
                + spec
                + "}\n",
            Placement.class);

    List<FieldError> errors = PlacementValidators.PLACEMENTS.validateCreate(placement);

    assertThat(errors).extracting(FieldError::field).containsExactly(field);
    assertThat(errors.get(0).message()).isNotBlank();
  }

  @Test
  void scoresOutOfRangeOrWithABadTimeAreRefused() throws Exception {
    AddOnPlacementScore score =
        YAML.readValue(
            """
            apiVersion: cluster.open-cluster-management.io/v1alpha1
            kind: AddOnPlacementScore
            metadata: {name: usage, namespace: cluster1}
            status:
              validUntil: tomorrow
              scores: [{name: cpu, value: 101}, {name: mem, value: 5}]
            """,
            AddOnPlacementScore.class);

    assertThat(PlacementValidators.SCORES.validateCreate(score))
        .extracting(FieldError::field)
        .containsExactly("status.scores[0].value", "status.validUntil");
  }

  @Test
  void celExpressionsSeeLabelsClaimsAndAllocatable() {
    Map<String, Object> cluster =
        CelSelectors.cluster(
            "c1", Map.of("tier", "gold"), Map.of("region", "eu"), Map.of("cpu", "8"));

    assertThat(CelSelectors.matches("managedCluster.metadata.labels['tier'] == 'gold'", cluster))
        .isTrue();
    assertThat(
            CelSelectors.matches(
                "managedCluster.status.clusterClaims.exists(c, c.name == 'region' && c.value =="
                    + " 'eu')",
                cluster))
        .isTrue();
    assertThat(CelSelectors.matches("managedCluster.metadata.name.startsWith('c')", cluster))
        .isTrue();
    assertThat(CelSelectors.matches("managedCluster.metadata.labels['missing'] == 'x'", cluster))
        .as("a missing key does not match")
        .isFalse();
  }

  @Test
  void percentagesRoundUpAndCountsAreTakenAsGiven() {
    assertThat(PlacementValidators.clustersPerGroup(new IntOrString("25%"), 10)).isEqualTo(3);
    assertThat(PlacementValidators.clustersPerGroup(new IntOrString("1%"), 10)).isEqualTo(1);
    assertThat(PlacementValidators.clustersPerGroup(new IntOrString(4), 10)).isEqualTo(4);
    // What clusteradm sends when it means "not set", and OCM's hub reads as one group of all.
    assertThat(PlacementValidators.clustersPerGroup(new IntOrString(0), 10)).isEqualTo(10);
    assertThat(PlacementValidators.clustersPerGroup(null, 10)).isEqualTo(10);
  }
}
