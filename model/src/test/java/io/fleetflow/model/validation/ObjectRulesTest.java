package io.fleetflow.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.registry.Kinds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules every kind shares, in front of each kind's own. */
class ObjectRulesTest {
  @Test
  void aNullSpecIsRequiredAndTheKindsRulesNeverSeeIt() {
    AtomicInteger asked = new AtomicInteger();
    ObjectValidator<ManagedCluster> rules =
        ObjectRules.around(
            ManagedCluster.class,
            c -> {
              asked.incrementAndGet();
              return List.of();
            });
    ManagedCluster cluster = cluster("c1");
    cluster.setSpec(null);

    assertThat(rules.validateCreate(cluster))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec");
              assertThat(e.reason()).isEqualTo("FieldValueRequired");
            });
    assertThat(rules.validateUpdate(cluster("c1"), cluster)).hasSize(1);
    assertThat(asked).hasValue(0);
  }

  @Test
  void aKindWithoutSpecNeedsNone() {
    AddOnPlacementScore score = new AddOnPlacementScore();
    score.setMetadata(new ObjectMeta());
    score.getMetadata().setName("cpu");
    score.getMetadata().setNamespace("cluster1");

    assertThat(PlacementKinds.ADD_ON_PLACEMENT_SCORE.validator().validateCreate(score)).isEmpty();
  }

  @Test
  void missingMetadataIsRequired() {
    ManagedCluster cluster = cluster("c1");
    cluster.setMetadata(null);

    assertThat(ClusterKinds.MANAGED_CLUSTER.validator().validateCreate(cluster))
        .extracting(FieldError::field)
        .containsExactly("metadata");
  }

  @Test
  void badLabelsFollowTheKindsOwnErrors() {
    ManagedCluster cluster = cluster("Bad_Name");
    cluster.getMetadata().setLabels(Map.of("env", "prod!"));

    assertThat(ClusterKinds.MANAGED_CLUSTER.validator().validateCreate(cluster))
        .extracting(FieldError::field)
        .containsExactly("metadata.name", "metadata.labels");
    assertThat(
            ClusterKinds.MANAGED_CLUSTER.validator().validateUpdate(cluster("Bad_Name"), cluster))
        .extracting(FieldError::field)
        .contains("metadata.labels");
  }

  @Test
  void everyKindOfTheRegistryHasTheSharedRules() {
    assertThat(Kinds.ALL)
        .allSatisfy(k -> assertThat(k.validator()).isInstanceOf(ObjectRules.class));
  }

  private static ManagedCluster cluster(String name) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName(name);
    return cluster;
  }
}
