package io.fleetflow.model.clusterset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetflow.model.meta.LabelSelectors;
import io.fleetflow.model.validation.FieldError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OCM YAML for sets and bindings, their rules, and label selectors on cluster labels. */
class ClusterSetValidatorsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void anExclusiveSetAndALabelSelectorSetAreValid() throws Exception {
    ManagedClusterSet prod =
        YAML.readValue(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSet
            metadata: {name: prod}
            spec:
              clusterSelector: {selectorType: ExclusiveClusterSetLabel}
            """,
            ManagedClusterSet.class);
    ManagedClusterSet eu =
        YAML.readValue(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSet
            metadata: {name: eu}
            spec:
              clusterSelector:
                selectorType: LabelSelector
                labelSelector:
                  matchExpressions: [{key: region, operator: In, values: [eu-west, eu-north]}]
            """,
            ManagedClusterSet.class);

    assertThat(ClusterSetValidators.SETS.validateCreate(prod)).isEmpty();
    assertThat(ClusterSetValidators.SETS.validateCreate(eu)).isEmpty();
    assertThat(
            LabelSelectors.matches(
                eu.getSpec().getClusterSelector().labelSelector(), Map.of("region", "eu-west")))
        .isTrue();
    assertThat(
            LabelSelectors.matches(
                eu.getSpec().getClusterSelector().labelSelector(), Map.of("region", "us-east")))
        .isFalse();
  }

  @Test
  void aBadSelectorIsRefusedWithTheFieldNamed() throws Exception {
    ManagedClusterSet bad =
        YAML.readValue(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSet
            metadata: {name: bad}
            spec:
              clusterSelector:
                selectorType: LabelSelector
                labelSelector:
                  matchExpressions: [{key: region, operator: Near, values: [eu]}, {key: tier, operator: In}]
            """,
            ManagedClusterSet.class);

    assertThat(ClusterSetValidators.SETS.validateCreate(bad))
        .extracting(FieldError::field)
        .containsExactly(
            "spec.clusterSelector.labelSelector.matchExpressions[0].operator",
            "spec.clusterSelector.labelSelector.matchExpressions[1].values");
  }

  @Test
  void aBindingMustBeNamedAfterItsSet() throws Exception {
    ManagedClusterSetBinding binding =
        YAML.readValue(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSetBinding
            metadata: {name: prod, namespace: apps}
            spec: {clusterSet: staging}
            """,
            ManagedClusterSetBinding.class);

    assertThat(ClusterSetValidators.BINDINGS.validateCreate(binding))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.clusterSet");
              assertThat(e.message()).contains("must equal its set's");
            });
    binding.getSpec().setClusterSet("prod");
    assertThat(ClusterSetValidators.BINDINGS.validateCreate(binding)).isEmpty();
  }
}
