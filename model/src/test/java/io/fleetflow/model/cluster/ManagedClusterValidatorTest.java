package io.fleetflow.model.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.validation.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManagedClusterValidatorTest {
  private final ManagedClusterValidator validator = new ManagedClusterValidator();

  @Test
  void aClusterAsTheAgentRegistersItIsValid() {
    ManagedCluster cluster = cluster("cluster1");
    cluster.getSpec().setHubAcceptsClient(true);
    cluster
        .getSpec()
        .setManagedClusterClientConfigs(
            List.of(new ClientConfig("https://api.cluster1.example.com:6443", "Y2E=")));
    cluster.getSpec().setLeaseDurationSeconds(0);
    cluster.getSpec().setTaints(List.of(new Taint("maintenance", "true", "NoSelect", null)));

    assertThat(validator.validateCreate(cluster)).isEmpty();
  }

  @Test
  void onlyTheHubSetsTheBuiltInTaints() {
    ManagedCluster cluster = cluster("cluster1");
    cluster
        .getSpec()
        .setTaints(List.of(new Taint(BuiltInTaints.UNREACHABLE, null, "NoSelect", null)));

    assertThat(validator.validateCreate(cluster))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.taints");
              assertThat(e.reason()).isEqualTo("FieldValueForbidden");
            });
  }

  @Test
  void anUpdateMayNotAddABuiltInTaintButMayLeaveTheHubsOwnOut() {
    ManagedCluster current = cluster("cluster1");
    current
        .getSpec()
        .setTaints(
            List.of(
                new Taint(BuiltInTaints.UNREACHABLE, null, "NoSelect", "2026-11-26T00:00:00Z")));
    ManagedCluster addsUnavailable = cluster("cluster1");
    addsUnavailable
        .getSpec()
        .setTaints(List.of(new Taint(BuiltInTaints.UNAVAILABLE, null, "NoSelect", null)));
    ManagedCluster leavesItOut = cluster("cluster1");
    leavesItOut.getSpec().setTaints(List.of(new Taint("maintenance", "true", "NoSelect", null)));

    assertThat(validator.validateUpdate(current, addsUnavailable))
        .extracting(FieldError::message)
        .singleElement()
        .asString()
        .contains("only the hub sets the taint " + BuiltInTaints.UNAVAILABLE);
    assertThat(validator.validateUpdate(current, leavesItOut)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Cluster1", "Bad_Name", "cluster.one", "-cluster", "cluster-"})
  void aNameThatIsNotADnsLabelIsRefusedWithAnExample(String name) {
    List<FieldError> errors = validator.validateCreate(cluster(name));

    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("metadata.name");
              assertThat(e.reason()).isEqualTo("FieldValueInvalid");
              assertThat(e.message())
                  .contains("\"" + name + "\" is not a valid name")
                  .contains("at most 63 lower-case letters, digits and '-'")
                  .contains("for example \"cluster-1\"");
            });
  }

  @Test
  void aNameLongerThan63CharactersIsRefused() {
    String longest = "c".repeat(63);

    assertThat(validator.validateCreate(cluster(longest))).isEmpty();
    assertThat(validator.validateCreate(cluster(longest + "c")))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(tuple("metadata.name", "FieldValueInvalid"));
  }

  @Test
  void aClusterWithoutANameIsRefused() {
    assertThat(validator.validateCreate(cluster("")))
        .containsExactly(FieldError.required("metadata.name", "a name is required"));
    assertThat(validator.validateCreate(cluster(null)))
        .containsExactly(FieldError.required("metadata.name", "a name is required"));

    ManagedCluster noMetadata = new ManagedCluster();
    noMetadata.setMetadata(null);
    assertThat(validator.validateCreate(noMetadata))
        .extracting(FieldError::field)
        .containsExactly("metadata.name");
  }

  @Test
  void aNamespaceIsForbiddenBecauseClustersAreClusterScoped() {
    ManagedCluster cluster = cluster("cluster1");
    cluster.getMetadata().setNamespace("default");

    assertThat(validator.validateCreate(cluster))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("metadata.namespace");
              assertThat(e.reason()).isEqualTo("FieldValueForbidden");
              assertThat(e.message()).contains("remove metadata.namespace");
            });
  }

  @Test
  void aNegativeLeaseDurationIsRefusedWhileZeroMeansTheDefault() {
    ManagedCluster cluster = cluster("cluster1");
    cluster.getSpec().setLeaseDurationSeconds(-5);

    assertThat(validator.validateCreate(cluster))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.leaseDurationSeconds");
              assertThat(e.reason()).isEqualTo("FieldValueInvalid");
              assertThat(e.message()).contains("0 or more seconds").contains("got -5");
            });

    cluster.getSpec().setLeaseDurationSeconds(0);
    assertThat(validator.validateCreate(cluster)).isEmpty();
    assertThat(cluster.getSpec().effectiveLeaseDurationSeconds()).isEqualTo(60);
  }

  @Test
  void aClientConfigUrlMustBeHttps() {
    ManagedCluster cluster = cluster("cluster1");
    cluster
        .getSpec()
        .setManagedClusterClientConfigs(
            List.of(
                new ClientConfig("https://ok.example.com", null),
                new ClientConfig("http://plain.example.com", null),
                new ClientConfig(null, null)));

    assertThat(validator.validateCreate(cluster))
        .extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple(
                "spec.managedClusterClientConfigs[1].url",
                "must be an https:// URL of the cluster's API server, got"
                    + " \"http://plain.example.com\""),
            tuple(
                "spec.managedClusterClientConfigs[2].url",
                "must be an https:// URL of the cluster's API server, got \"null\""));
  }

  @Test
  void aTaintNeedsAKey() {
    ManagedCluster cluster = cluster("cluster1");
    cluster.getSpec().setTaints(List.of(new Taint(" ", "v", "NoSelect", null)));

    assertThat(validator.validateCreate(cluster))
        .containsExactly(FieldError.required("spec.taints[0].key", "a taint needs a key"));
  }

  @Test
  void anUnknownTaintEffectListsTheSupportedEffects() {
    ManagedCluster cluster = cluster("cluster1");
    cluster
        .getSpec()
        .setTaints(
            List.of(
                new Taint("gpu", null, "PreferNoSelect", null),
                new Taint("zone", "a", "NoSchedule", null)));

    assertThat(validator.validateCreate(cluster))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.taints[1].effect");
              assertThat(e.reason()).isEqualTo("FieldValueNotSupported");
              assertThat(e.message())
                  .isEqualTo(
                      "Unsupported value: \"NoSchedule\": supported values: NoSelect,"
                          + " PreferNoSelect, NoSelectIfNew");
            });
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ManagedCluster cluster = cluster("Bad_Name");
    cluster.getMetadata().setNamespace("default");
    cluster.getSpec().setLeaseDurationSeconds(-1);
    cluster.getSpec().setTaints(List.of(new Taint(null, null, "NoExecute", null)));

    assertThat(validator.validateCreate(cluster))
        .extracting(FieldError::field)
        .containsExactly(
            "metadata.name",
            "metadata.namespace",
            "spec.leaseDurationSeconds",
            "spec.taints[0].key",
            "spec.taints[0].effect");
  }

  @Test
  void aTaintWithoutAnEffectIsRefusedRatherThanFailingTheRequest() {
    ManagedCluster cluster = cluster("cluster1");
    cluster.getSpec().setTaints(List.of(new Taint("gpu", null, null, null)));

    assertThat(validator.validateCreate(cluster))
        .extracting(FieldError::field)
        .containsExactly("spec.taints[0].effect");
  }

  @Test
  void anUpdateMayChangeTheSpecButNotTheName() {
    ManagedCluster current = cluster("cluster1");
    ManagedCluster accepted = cluster("cluster1");
    accepted.getSpec().setHubAcceptsClient(true);
    ManagedCluster renamed = cluster("cluster2");

    assertThat(validator.validateUpdate(current, accepted)).isEmpty();
    assertThat(validator.validateUpdate(current, renamed))
        .containsExactly(
            FieldError.forbidden("metadata.name", "the name of an object cannot change"));
  }

  @Test
  void anUpdateIsValidatedLikeACreate() {
    ManagedCluster current = cluster("cluster1");
    ManagedCluster proposed = cluster("cluster1");
    proposed.getSpec().setLeaseDurationSeconds(-1);

    assertThat(validator.validateUpdate(current, proposed))
        .extracting(FieldError::field)
        .containsExactly("spec.leaseDurationSeconds");
  }

  private static ManagedCluster cluster(String name) {
    ManagedCluster cluster = new ManagedCluster();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    cluster.setMetadata(meta);
    return cluster;
  }
}
