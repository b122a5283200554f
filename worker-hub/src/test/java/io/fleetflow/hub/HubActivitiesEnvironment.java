package io.fleetflow.hub;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.activities.hub.ChangeFeedActivitiesImpl;
import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.activities.hub.OwnerNoticeActivitiesImpl;
import io.fleetflow.client.EntityClient;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflowImpl;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.feed.ChangeFeedWorkflowImpl;
import io.fleetflow.workflows.work.ManifestWorkWorkflowImpl;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hub's entity workflows on Temporal's in-process test server, reached through an {@link
 * EntityClient} the way the hub's activities reach them, with one cluster's agent played by a mock
 * that applies and deletes whatever it is sent. The in-process server serves no visibility
 * listings, so the inventory that cluster sets read is a mock too; listings run against the real
 * dev server in the e2e module ({@code EntityClientE2ETest}).
 */
final class HubActivitiesEnvironment implements AutoCloseable {
  static final String CLUSTER = "cluster1";

  private final TestWorkflowEnvironment env;
  private final EntityClient entities;

  HubActivitiesEnvironment() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    EntityClient.configure(WorkflowClientOptions.newBuilder()).build())
                .build());
    FleetflowSearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    var hub = env.newWorker(EntityOperations.HUB_TASK_QUEUE);
    // Entities publish their changes to the change feed, as on the real hub.
    hub.registerWorkflowImplementationTypes(
        ManifestWorkWorkflowImpl.class,
        ManagedClusterSetWorkflowImpl.class,
        ChangeFeedWorkflowImpl.class);
    InventoryActivities inventory =
        mock(InventoryActivities.class, withSettings().withoutAnnotations());
    when(inventory.clusters()).thenReturn(List.of());
    hub.registerActivitiesImplementations(
        inventory,
        new ChangeFeedActivitiesImpl(env.getWorkflowClient(), EntityOperations.HUB_TASK_QUEUE),
        new OwnerNoticeActivitiesImpl(env.getWorkflowClient()));
    AgentActivities agent = mock(AgentActivities.class, withSettings().withoutAnnotations());
    when(agent.applyManifests(any())).thenAnswer(call -> appliedAll(call.getArgument(0)));
    env.newWorker(AgentActivities.taskQueue(CLUSTER)).registerActivitiesImplementations(agent);
    env.start();
    entities = new EntityClient(env.getWorkflowClient());
  }

  EntityClient entities() {
    return entities;
  }

  TestWorkflowEnvironment env() {
    return env;
  }

  static GenericKubernetesResource configMap(String name) {
    GenericKubernetesResource m = new GenericKubernetesResource();
    m.setApiVersion("v1");
    m.setKind("ConfigMap");
    m.setMetadata(new ObjectMeta());
    m.getMetadata().setNamespace("default");
    m.getMetadata().setName(name);
    m.setAdditionalProperties(Map.of("data", Map.of("greeting", "hello")));
    return m;
  }

  private static ApplyResult appliedAll(ApplyRequest request) {
    List<ResourceResult> results = new ArrayList<>();
    for (int i = 0; i < request.manifests().size(); i++) {
      var m = request.manifests().get(i);
      ResourceMeta meta =
          new ResourceMeta(
              i,
              "",
              "v1",
              m.getKind(),
              m.getKind().toLowerCase() + "s",
              m.getMetadata().getName(),
              m.getMetadata().getNamespace());
      results.add(new ResourceResult(meta, "uid-" + i, true, true, "Applied", "ok"));
    }
    return new ApplyResult(results);
  }

  @Override
  public void close() {
    env.close();
  }
}
