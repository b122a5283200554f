package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply as a Kubernetes API server does it, one set of cases run against the simulator
 * ({@link ServerSideApplyTest}) and against a real kube-apiserver (the e2e tier's {@code
 * RealServerSideApplyE2ETest}), so the simulator is held to the real server's behaviour. Where the
 * two differ on purpose, the case says so through {@link #listsMergeByKey()}.
 */
public abstract class ServerSideApplyContract {
  private static final AtomicInteger OBJECTS = new AtomicInteger();

  private String name;

  /** A client with the right to apply ConfigMaps and Deployments in {@link #namespace()}. */
  protected abstract KubernetesClient client();

  /** Where the cases write; each case uses objects of its own. */
  protected abstract String namespace();

  /**
   * Whether lists with a merge key (containers by name) are owned item by item, as the real server
   * does from the built-in types' schemas. The simulator has no schemas and owns every list whole,
   * so a second manager's container conflicts there instead of being added.
   */
  protected abstract boolean listsMergeByKey();

  @BeforeEach
  void nameTheObject() {
    name = "ssa-" + OBJECTS.incrementAndGet();
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
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo("Apply failed with 1 conflict: conflict with \"ops\": .data.color");
              assertThat(e.getStatus().getDetails().getCauses())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
                        assertThat(c.getField()).isEqualTo(".data.color");
                        assertThat(c.getMessage()).isEqualTo("conflict with \"ops\"");
                      });
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
    assertThat(fieldsOf(forced, "ops")).isEqualTo(Map.of("f:data", Map.of("f:owner", Map.of())));
    assertThat(fieldsOf(forced, "work-agent"))
        .isEqualTo(Map.of("f:data", Map.of("f:color", Map.of())));
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

    assertThat(fieldsOf(shared, "work-agent"))
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

  @Test
  void aSecondManagersContainerIsAddedByNameOnARealServerAndConflictsOnTheSimulator() {
    applyDeployment("ops", "web");

    if (listsMergeByKey()) {
      Deployment both = applyDeployment("work-agent", "sidecar");
      assertThat(both.getSpec().getTemplate().getSpec().getContainers())
          .extracting(c -> c.getName())
          .containsExactlyInAnyOrder("web", "sidecar");
    } else {
      // The simulator owns the containers list whole, so ops's list is in the way.
      assertThatThrownBy(() -> applyDeployment("work-agent", "sidecar"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(409);
                assertThat(e.getStatus().getMessage()).contains("conflict with \"ops\"");
              });
    }
  }

  private ConfigMap apply(String manager, boolean force, Map<String, String> data) {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace())
            .endMetadata()
            .withData(data)
            .build();
    var apply = client().configMaps().resource(cm).fieldManager(manager);
    return force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
  }

  private Deployment applyDeployment(String manager, String container) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace())
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName(container)
            .withImage("nginx:1.27")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    return client()
        .apps()
        .deployments()
        .resource(deployment)
        .fieldManager(manager)
        .serverSideApply();
  }

  private ConfigMap configMap() {
    return client().configMaps().inNamespace(namespace()).withName(name).get();
  }

  private static Map<String, Object> fieldsOf(ConfigMap object, String manager) {
    return object.getMetadata().getManagedFields().stream()
        .filter(m -> m.getManager().equals(manager))
        .findFirst()
        .orElseThrow()
        .getFieldsV1()
        .getAdditionalProperties();
  }
}
