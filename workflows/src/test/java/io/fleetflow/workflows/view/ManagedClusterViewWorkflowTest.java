package io.fleetflow.workflows.view;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.view.ViewAgentActivities;
import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.activities.view.ViewRequest;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.view.ManagedClusterView;
import io.fleetflow.model.view.ManagedClusterViewSpec;
import io.fleetflow.model.view.ManagedClusterViewSpec.Scope;
import io.fleetflow.workflows.HubTestEnvironment;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A view's life on the hub: the agent is asked once per scope, its watch's reports become the
 * status, an older scope's reports are ignored, an unreachable cluster is said so and asked again,
 * and a deleted view tells the agent to stop.
 */
class ManagedClusterViewWorkflowTest {
  private HubTestEnvironment hub;
  private ViewAgentActivities agent;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    hub.agentFor("cluster1");
    agent = hub.viewAgentOf("cluster1");
    when(agent.watchView(any()))
        .thenAnswer(call -> ViewReport.read(call.getArgument(0), deployment("web", "1", 1)));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aNewViewAsksTheAgentToWatchAndShowsWhatItRead() {
    ManagedClusterViewWorkflow view = hub.createView(view("cluster1", "web"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    ArgumentCaptor<ViewRequest> request = ArgumentCaptor.forClass(ViewRequest.class);
    verify(agent).watchView(request.capture());
    assertThat(request.getValue().generation()).isEqualTo(1);
    assertThat(request.getValue().scope().name()).isEqualTo("web");
    ManagedClusterView seen = view.get();
    assertThat(seen.getStatus().getResult().getMetadata().getResourceVersion()).isEqualTo("1");
    assertThat(Conditions.find(seen.getStatus().getConditions(), "Processing").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("GetResourceProcessing");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
            });
  }

  @Test
  void theWatchsReportsBecomeTheResultAndAnOlderScopesAreIgnored() {
    ManagedClusterViewWorkflow view = hub.createView(view("cluster1", "web"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    ViewRequest first = new ViewRequest("web", 1, scope("web"), null);

    view.viewChanged(ViewReport.read(first, deployment("web", "7", 3)));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(replicas(view.get())).isEqualTo(3);

    ManagedClusterView changed = view.get();
    changed.getSpec().setScope(scope("api"));
    view.apply(changed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    verify(agent, times(2)).watchView(any());

    view.viewChanged(ViewReport.read(first, deployment("web", "8", 9)));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(replicas(view.get()))
        .as("a report of generation 1 after the scope changed")
        .isEqualTo(1);
  }

  @Test
  void aReportThatTheObjectIsGoneDropsTheResult() {
    ManagedClusterViewWorkflow view = hub.createView(view("cluster1", "web"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    view.viewChanged(
        ViewReport.failed(
            new ViewRequest("web", 1, scope("web"), null),
            ManagedClusterView.REASON_FAILED,
            "deployments.apps default/web not found on cluster cluster1"));
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(view.get().getStatus().getResult()).isNull();
    assertThat(Conditions.find(view.get().getStatus().getConditions(), "Processing").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("GetResourceFailed");
              assertThat(c.getMessage()).contains("not found");
            });
  }

  @Test
  void anAgentThatStartedAgainIsAskedToWatchAgain() {
    ManagedClusterViewWorkflow view = hub.createView(view("cluster1", "web"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    view.viewChanged(ViewReport.resyncRequest());
    hub.env().sleep(Duration.ofSeconds(1));

    verify(agent, times(2)).watchView(any());
  }

  @Test
  void anUnreachableClusterIsSaidSoAndAskedAgainLater() {
    ManagedClusterViewWorkflow view = hub.createView(view("lost", "web"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(70));

    assertThat(Conditions.find(view.get().getStatus().getConditions(), "Processing").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ClusterUnreachable");
              assertThat(c.getMessage()).contains("no agent of cluster lost");
            });
  }

  @Test
  void aDeletedViewTellsTheAgentToStopAndEnds() {
    ManagedClusterViewWorkflow view = hub.createView(view("cluster1", "web"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    view.delete(ADMIN);
    WorkflowStub.fromTyped(view).getResult(Void.class);

    verify(agent).stopView("web");
  }

  private static ManagedClusterView view(String cluster, String name) {
    ManagedClusterView view = new ManagedClusterView();
    view.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(cluster).build());
    ManagedClusterViewSpec spec = new ManagedClusterViewSpec();
    spec.setScope(scope(name));
    view.setSpec(spec);
    return view;
  }

  private static Scope scope(String name) {
    return new Scope("apps", "v1", "Deployment", null, name, "default", null);
  }

  private static GenericKubernetesResource deployment(String name, String version, int replicas) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion("apps/v1");
    object.setKind("Deployment");
    object.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("default")
            .withResourceVersion(version)
            .build());
    object.setAdditionalProperties(Map.of("spec", Map.of("replicas", replicas)));
    return object;
  }

  private static int replicas(ManagedClusterView view) {
    return ((Number) ((Map<?, ?>) view.getStatus().getResult().get("spec")).get("replicas"))
        .intValue();
  }
}
