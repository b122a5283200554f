package io.fleetflow.model.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fleetflow.model.rollout.RolloutStrategy.RolloutProgressive;
import io.fleetflow.model.validation.FieldError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OCM's example replica set is accepted as written; bad rollout settings are refused clearly. */
class ManifestWorkReplicaSetValidatorTest {
  private static final String OCM_EXAMPLE =
      """
      apiVersion: work.open-cluster-management.io/v1alpha1
      kind: ManifestWorkReplicaSet
      metadata:
        name: hello-rs
        namespace: apps
      spec:
        placementRefs:
          - name: web
            rolloutStrategy:
              type: Progressive
              progressive:
                mandatoryDecisionGroups:
                  - groupName: canary
                maxConcurrency: 2
                minSuccessTime: 5m
                progressDeadline: 10m
                maxFailures: 10%
        cascadeDeletionPolicy: Foreground
        approvalGates:
          beforeFirstStage: true
          betweenStages: true
          expiry: 4h
          onExpiry: Abort
        autoRollback: true
        manifestWorkTemplate:
          workload:
            manifests:
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: hello
                  namespace: default
                data:
                  greeting: hi
      """;

  private final ManifestWorkReplicaSetValidator validator = new ManifestWorkReplicaSetValidator();

  @Test
  void ocmsExampleReadsWithEveryFieldAndIsValid() throws Exception {
    ManifestWorkReplicaSet set = read(OCM_EXAMPLE);

    var ref = set.getSpec().getPlacementRefs().getFirst();
    assertThat(ref.name()).isEqualTo("web");
    RolloutStrategy strategy = ref.rolloutStrategy();
    assertThat(strategy.typeOrDefault()).isEqualTo(RolloutStrategy.PROGRESSIVE);
    assertThat(strategy.progressive().maxConcurrency().getIntVal()).isEqualTo(2);
    assertThat(strategy.config().maxFailures().getStrVal()).isEqualTo("10%");
    assertThat(strategy.mandatoryGroups()).extracting("groupName").containsExactly("canary");
    assertThat(set.getSpec().getApprovalGates().abortsOnExpiry()).isTrue();
    assertThat(set.getSpec().autoRollbackEnabled()).isTrue();
    assertThat(validator.validateCreate(set)).isEmpty();
  }

  @Test
  void maxConcurrencyZeroNegativeOrABadPercentageIsRefused() throws Exception {
    for (IntOrString bad :
        List.of(
            new IntOrString(0),
            new IntOrString(-3),
            new IntOrString("0%"),
            new IntOrString("150%"),
            new IntOrString("half"))) {
      ManifestWorkReplicaSet set = read(OCM_EXAMPLE);
      set.getSpec()
          .getPlacementRefs()
          .set(0, withProgressive(set, new RolloutProgressive(null, bad, null, null, null)));

      assertThat(validator.validateCreate(set))
          .as("maxConcurrency %s", bad)
          .extracting(FieldError::field)
          .containsExactly("spec.placementRefs[0].rolloutStrategy.progressive.maxConcurrency");
    }
  }

  @Test
  void badDurationsAndCountsNameTheirField() throws Exception {
    ManifestWorkReplicaSet set = read(OCM_EXAMPLE);
    set.getSpec()
        .getPlacementRefs()
        .set(
            0,
            withProgressive(
                set,
                new RolloutProgressive(
                    null, new IntOrString("25%"), "5 minutes", "soon", new IntOrString(-1))));

    assertThat(validator.validateCreate(set))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            tuple(
                "spec.placementRefs[0].rolloutStrategy.progressive.minSuccessTime",
                "FieldValueInvalid"),
            tuple(
                "spec.placementRefs[0].rolloutStrategy.progressive.progressDeadline",
                "FieldValueInvalid"),
            tuple(
                "spec.placementRefs[0].rolloutStrategy.progressive.maxFailures",
                "FieldValueInvalid"));
  }

  @Test
  void anUnknownTypeMisplacedSettingsAndBadGatesAreRefused() throws Exception {
    ManifestWorkReplicaSet set = read(OCM_EXAMPLE);
    set.getSpec()
        .getPlacementRefs()
        .add(
            new ManifestWorkReplicaSetSpec.LocalPlacementReference(
                "db", new RolloutStrategy("Canary", null, null, null)));
    set.getSpec()
        .getPlacementRefs()
        .set(
            0,
            new ManifestWorkReplicaSetSpec.LocalPlacementReference(
                "web",
                new RolloutStrategy(
                    RolloutStrategy.ALL,
                    null,
                    set.getSpec().getPlacementRefs().get(0).rolloutStrategy().progressive(),
                    null)));
    set.getSpec()
        .setApprovalGates(new ManifestWorkReplicaSetSpec.ApprovalGates(true, null, "0s", "Wait"));
    set.getSpec().setCascadeDeletionPolicy("Orphan");

    assertThat(validator.validateCreate(set))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.placementRefs[0].rolloutStrategy.progressive",
            "spec.placementRefs[1].rolloutStrategy.type",
            "spec.cascadeDeletionPolicy",
            "spec.approvalGates.expiry",
            "spec.approvalGates.onExpiry");
  }

  @Test
  void noPlacementAnEmptyTemplateOrATooLongKeyIsRefused() throws Exception {
    ManifestWorkReplicaSet set = read(OCM_EXAMPLE);
    set.getSpec().setPlacementRefs(List.of());
    set.getSpec().getManifestWorkTemplate().getWorkload().manifests().clear();
    set.getMetadata().setName("r".repeat(60));

    assertThat(validator.validateCreate(set))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "metadata.name", "spec.placementRefs", "spec.manifestWorkTemplate.workload.manifests");
  }

  @Test
  void durationsAndCountsResolveAsOcmResolvesThem() {
    assertThat(RolloutValues.duration("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(RolloutValues.duration("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(RolloutValues.duration("None")).isEmpty();
    assertThat(RolloutValues.resolve(new IntOrString("25%"), 10, 10)).isEqualTo(3);
    assertThat(RolloutValues.resolve(new IntOrString(50), 10, 10)).isEqualTo(10);
    assertThat(RolloutValues.resolve(null, 10, 10)).isEqualTo(10);
    assertThat(RolloutValues.failureBudget(new IntOrString("10%"), 5)).isEqualTo(1);
    assertThat(RolloutValues.failureBudget(null, 5)).isZero();
  }

  private static ManifestWorkReplicaSetSpec.LocalPlacementReference withProgressive(
      ManifestWorkReplicaSet set, RolloutProgressive progressive) {
    return new ManifestWorkReplicaSetSpec.LocalPlacementReference(
        set.getSpec().getPlacementRefs().getFirst().name(),
        new RolloutStrategy(RolloutStrategy.PROGRESSIVE, null, progressive, null));
  }

  private static ManifestWorkReplicaSet read(String yaml) throws Exception {
    ManifestWorkReplicaSet set = new YAMLMapper().readValue(yaml, ManifestWorkReplicaSet.class);
    set.getSpec().setPlacementRefs(new java.util.ArrayList<>(set.getSpec().getPlacementRefs()));
    return set;
  }
}
