package io.fleetflow.agent.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.activities.view.ObjectType;
import io.fleetflow.activities.view.ViewAgentActivitiesImpl;
import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.activities.view.ViewRequest;
import io.fleetflow.activities.view.ViewWatches;
import io.fleetflow.model.view.ManagedClusterViewSpec.Scope;
import io.fleetflow.simulator.SimulatedCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's view activities against a simulated API server: what each kind of scope reads, and
 * that only a read object is watched.
 */
class ViewAgentActivitiesTest {
  private static SimulatedCluster cluster;
  private final List<String> watched = new ArrayList<>();
  private final List<String> stopped = new ArrayList<>();
  private final ViewAgentActivitiesImpl activities =
      new ViewAgentActivitiesImpl(
          cluster.client(),
          "c1",
          new ViewWatches() {
            @Override
            public void watch(
                ViewRequest request, ObjectType type, KubernetesClient reader, ViewReport sent) {
              watched.add(request.view() + " " + type.apiVersion() + "/" + type.plural());
            }

            @Override
            public void stop(String view) {
              stopped.add(view);
            }
          });

  @BeforeAll
  static void startCluster() {
    cluster = SimulatedCluster.start("views");
    cluster
        .client()
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("default")
                .endMetadata()
                .addToData("mode", "fast")
                .build())
        .create();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void anObjectIsReadAndWatched() {
    ViewReport report =
        watch("cm", new Scope("", "v1", "ConfigMap", null, "settings", "default", null));
    assertThat(report.reason()).isEqualTo("GetResourceProcessing");
    assertThat(report.result().getAdditionalProperties().get("data").toString()).contains("fast");
    assertThat(report.result().getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(watched).containsExactly("cm v1/configmaps");
  }

  @Test
  void aMissingObjectIsReportedAndStillWatched() {
    ViewReport report =
        watch("gone", new Scope(null, null, null, "configmaps", "nope", "default", null));
    assertThat(report.reason()).isEqualTo("GetResourceFailed");
    assertThat(report.message()).isEqualTo("configmaps default/nope not found on cluster c1");
    assertThat(report.result()).isNull();
    assertThat(watched).as("so that its creation shows").containsExactly("gone v1/configmaps");
  }

  @Test
  void aGroupTheClusterDoesNotServeIsAGvkError() {
    ViewReport report =
        watch("w", new Scope("example.com", "v1", "Widget", null, "w1", null, null));
    assertThat(report.reason()).isEqualTo("ResourceGVKInvalid");
    assertThat(report.message()).contains("example.com/v1");
    assertThat(watched).isEmpty();
    assertThat(stopped).containsExactly("w");
  }

  @Test
  void aKindTheGroupDoesNotHaveIsATypeError() {
    ViewReport report = watch("g", new Scope("apps", "v1", "Gadget", null, "g1", "default", null));
    assertThat(report.reason()).isEqualTo("ResourceTypeInvalid");
    assertThat(report.message()).contains("Gadget");
  }

  @Test
  void aNamespacedTypeWithoutANamespaceIsANameError() {
    ViewReport report = watch("n", new Scope("", "v1", "ConfigMap", null, "settings", null, null));
    assertThat(report.reason()).isEqualTo("ResourceNameInvalid");
    assertThat(report.message()).contains("spec.scope.namespace");
  }

  private ViewReport watch(String view, Scope scope) {
    return activities.watchView(new ViewRequest(view, 1, scope, null));
  }
}
