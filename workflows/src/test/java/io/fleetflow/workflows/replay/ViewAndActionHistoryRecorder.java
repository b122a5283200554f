package io.fleetflow.workflows.replay;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.activities.action.ActionOutcome;
import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.activities.view.ViewRequest;
import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSpec;
import io.fleetflow.model.action.ManagedClusterActionSpec.KubeWork;
import io.fleetflow.model.view.ManagedClusterView;
import io.fleetflow.model.view.ManagedClusterViewSpec;
import io.fleetflow.model.view.ManagedClusterViewSpec.Scope;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.action.ManagedClusterActionWorkflow;
import io.fleetflow.workflows.view.ManagedClusterViewWorkflow;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of the view and action workflows that {@link ReplayTest} replays, as {@link
 * HistoryRecorder} does for the other kinds (its rules apply: a recorded file is never recorded
 * again).
 */
@EnabledIfSystemProperty(named = "fleetflow.recordHistories", matches = "true")
class ViewAndActionHistoryRecorder {
  @Test
  void recordAViewThatFollowsItsObjectChangesScopeResyncsAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.agentFor("cluster1");
      when(hub.viewAgentOf("cluster1").watchView(any()))
          .thenAnswer(call -> ViewReport.read(call.getArgument(0), object("1")));
      hub.start();
      ManagedClusterViewWorkflow view = hub.createView(view(), ADMIN);
      hub.env().sleep(Duration.ofSeconds(2));
      ViewRequest first = new ViewRequest("web", 1, scope("web"), null);
      view.viewChanged(ViewReport.read(first, object("2")));
      hub.env().sleep(Duration.ofSeconds(1));
      ManagedClusterView changed = view.get();
      changed.getSpec().setScope(scope("api"));
      view.apply(changed, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      view.viewChanged(ViewReport.resyncRequest());
      hub.env().sleep(Duration.ofSeconds(1));
      view.delete(ADMIN);
      WorkflowStub.fromTyped(view).getResult(Void.class);
      HistoryRecorder.write(
          "managedclusterview-watch-change-resync-delete.json",
          hub,
          "ManagedClusterView/cluster1/web");
    }
  }

  @Test
  void recordAnActionThatWaitsForApprovalRunsAndIsDeletedAfterAMinute() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.agentFor("cluster1");
      when(hub.actionAgentOf("cluster1").runAction(any()))
          .thenReturn(new ActionOutcome(ManagedClusterAction.REASON_DONE, "done", null));
      hub.start();
      ManagedClusterActionWorkflow action = hub.createAction(action(), ADMIN);
      hub.env().sleep(Duration.ofSeconds(5));
      action.approve(new ActionApproval("change 42"), ADMIN);
      WorkflowStub.fromTyped(action).getResult(Void.class);
      HistoryRecorder.write(
          "managedclusteraction-approve-run-delete.json",
          hub,
          "ManagedClusterAction/cluster1/restart");
    }
  }

  private static ManagedClusterView view() {
    ManagedClusterView view = new ManagedClusterView();
    view.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("cluster1").build());
    ManagedClusterViewSpec spec = new ManagedClusterViewSpec();
    spec.setScope(scope("web"));
    view.setSpec(spec);
    return view;
  }

  private static Scope scope(String name) {
    return new Scope("apps", "v1", "Deployment", null, name, "default", null);
  }

  private static GenericKubernetesResource object(String resourceVersion) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion("apps/v1");
    object.setKind("Deployment");
    object.setMetadata(
        new ObjectMetaBuilder()
            .withName("web")
            .withNamespace("default")
            .withResourceVersion(resourceVersion)
            .build());
    return object;
  }

  private static ManagedClusterAction action() {
    ManagedClusterAction action = new ManagedClusterAction();
    action.setMetadata(
        new ObjectMetaBuilder()
            .withName("restart")
            .withNamespace("cluster1")
            .withAnnotations(new HashMap<>(Map.of(ManagedClusterAction.REQUIRES_APPROVAL, "true")))
            .build());
    ManagedClusterActionSpec spec = new ManagedClusterActionSpec();
    spec.setActionType(ManagedClusterAction.DELETE);
    spec.setKube(new KubeWork("pods", "web-0", "default", null));
    action.setSpec(spec);
    return action;
  }
}
