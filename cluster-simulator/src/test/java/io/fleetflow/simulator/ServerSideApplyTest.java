package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-side apply on a simulated cluster behaves as on a real API server, for fields. */
class ServerSideApplyTest {
  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start("ssa");
    client = cluster.client();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void applyCreatesTheObjectAndRecordsItsManagersFields() {
    ConfigMap applied = apply("ops", false, Map.of("color", "red"));

    assertThat(applied.getData()).containsEntry("color", "red");
    assertThat(applied.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getManager()).isEqualTo("ops");
              assertThat(m.getOperation()).isEqualTo("Apply");
              assertThat(m.getFieldsType()).isEqualTo("FieldsV1");
              assertThat(m.getFieldsV1().getAdditionalProperties())
                  .containsEntry("f:data", Map.of("f:color", Map.of()));
            });
  }

  @Test
  void anotherManagerChangingAnOwnedFieldIsAConflictNamingTheOwnerAndTheField() {
    apply("ops", false, Map.of("color", "red"));

    assertThatThrownBy(() -> apply("work-agent", false, Map.of("color", "blue")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getMessage())
                  .isEqualTo("Apply failed with 1 conflict: conflict with \"ops\": .data.color");
              assertThat(e.getStatus().getDetails().getCauses().get(0).getField())
                  .isEqualTo(".data.color");
            });
    assertThat(configMap().getData()).containsEntry("color", "red");
  }

  @Test
  void applyingTheSameValueSharesTheFieldWithoutConflict() {
    apply("ops", false, Map.of("color", "red"));

    ConfigMap shared = apply("work-agent", false, Map.of("color", "red", "size", "L"));

    assertThat(shared.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .containsExactlyInAnyOrder("ops", "work-agent");
    assertThat(shared.getData()).containsEntry("size", "L");
  }

  @Test
  void forceTakesTheFieldOver() {
    apply("ops", false, Map.of("color", "red", "owner", "ops"));

    ConfigMap forced = apply("work-agent", true, Map.of("color", "blue"));

    assertThat(forced.getData()).containsEntry("color", "blue").containsEntry("owner", "ops");
    ManagedFieldsEntry ops =
        forced.getMetadata().getManagedFields().stream()
            .filter(m -> m.getManager().equals("ops"))
            .findFirst()
            .orElseThrow();
    assertThat(ops.getFieldsV1().getAdditionalProperties())
        .isEqualTo(Map.of("f:data", Map.of("f:owner", Map.of())));
  }

  @Test
  void aFieldTheManagerStopsApplyingIsRemovedAndAnUnchangedApplyWritesNothing() {
    apply("work-agent", false, Map.of("color", "red", "size", "L"));

    ConfigMap smaller = apply("work-agent", false, Map.of("color", "red"));
    ConfigMap again = apply("work-agent", false, Map.of("color", "red"));

    assertThat(smaller.getData()).isEqualTo(Map.of("color", "red"));
    assertThat(again.getMetadata().getResourceVersion())
        .isEqualTo(smaller.getMetadata().getResourceVersion());
  }

  @Test
  void keysWithDotsAreOneFieldEach() {
    apply("ops", false, Map.of("app.properties", "a=1", "color", "red"));
    ConfigMap shared = apply("work-agent", false, Map.of("app.properties", "a=1"));

    ManagedFieldsEntry agent =
        shared.getMetadata().getManagedFields().stream()
            .filter(m -> m.getManager().equals("work-agent"))
            .findFirst()
            .orElseThrow();
    assertThat(agent.getFieldsV1().getAdditionalProperties())
        .isEqualTo(Map.of("f:data", Map.of("f:app.properties", Map.of())));

    // ops stops applying it, but work-agent still does: it stays; once neither does, it goes.
    assertThat(apply("ops", false, Map.of("color", "red")).getData())
        .containsEntry("app.properties", "a=1");
    assertThat(apply("work-agent", false, Map.of("size", "L")).getData())
        .isEqualTo(Map.of("color", "red", "size", "L"));
    assertThatThrownBy(() -> apply("work-agent", false, Map.of("color", "blue")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getDetails().getCauses().get(0).getField())
                    .isEqualTo(".data.color"));
  }

  private ConfigMap apply(String manager, boolean force, Map<String, String> data) {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .withNamespace("default")
            .endMetadata()
            .withData(data)
            .build();
    var apply = client.configMaps().resource(cm).fieldManager(manager);
    return force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace("default").withName("settings").get();
  }
}
