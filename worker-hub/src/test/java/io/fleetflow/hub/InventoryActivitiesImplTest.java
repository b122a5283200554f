package io.fleetflow.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.activities.hub.InventoryActivities.ClusterLabels;
import io.fleetflow.client.EntityClient;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.SearchAttributeLimits;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.SearchAttributesUtil;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The inventory reads clusters' labels from their search attribute, and asks a cluster whose labels
 * did not fit it for all of them, so placements never select on a partial view.
 */
class InventoryActivitiesImplTest {
  private final WorkflowClient client = mock(WorkflowClient.class);
  private final InventoryActivitiesImpl inventory =
      new InventoryActivitiesImpl(new EntityClient(client));

  @Test
  void labelsThatFitAreReadFromTheSearchAttributeAlone() {
    when(client.listExecutions(anyString()))
        .thenReturn(Stream.of(cluster("small", List.of("env=prod", "region=eu"))));

    assertThat(inventory.clusters())
        .containsExactly(new ClusterLabels("small", Map.of("env", "prod", "region", "eu")));
    verify(client, never()).newUntypedWorkflowStub(anyString());
  }

  @Test
  void aClusterWhoseLabelsWereCutIsAskedForAllOfThem() {
    when(client.listExecutions(anyString()))
        .thenReturn(
            Stream.of(cluster("big", List.of("env=prod", SearchAttributeLimits.TRUNCATED))));
    WorkflowStub stub = mock(WorkflowStub.class);
    when(client.newUntypedWorkflowStub("ManagedCluster/big")).thenReturn(stub);
    ManagedCluster big = new ManagedCluster();
    big.setMetadata(new ObjectMeta());
    big.getMetadata().setLabels(Map.of("env", "prod", "tier", "gold"));
    when(stub.query(EntityOperations.GET, ManagedCluster.class)).thenReturn(big);

    assertThat(inventory.clusters())
        .containsExactly(new ClusterLabels("big", Map.of("env", "prod", "tier", "gold")));
  }

  @Test
  void aSetsBindingsInEveryNamespaceAreToldWhetherTheSetExists() {
    when(client.listExecutions(anyString()))
        .thenReturn(
            Stream.of(
                binding("ManagedClusterSetBinding/apps/prod"),
                binding("ManagedClusterSetBinding/team/prod")));
    WorkflowStub apps = mock(WorkflowStub.class);
    WorkflowStub team = mock(WorkflowStub.class);
    when(client.newUntypedWorkflowStub("ManagedClusterSetBinding/apps/prod")).thenReturn(apps);
    when(client.newUntypedWorkflowStub("ManagedClusterSetBinding/team/prod")).thenReturn(team);

    assertThat(inventory.tellBindings("prod", false)).isEqualTo(2);

    verify(apps).signal(InventoryActivities.SET_CHANGED, false);
    verify(team).signal(InventoryActivities.SET_CHANGED, false);
    verify(client)
        .listExecutions(
            argThat(
                query ->
                    query.contains("FleetflowKind = 'ManagedClusterSetBinding'")
                        && query.contains("FleetflowName = 'prod'")));
  }

  private static WorkflowExecutionMetadata binding(String workflowId) {
    WorkflowExecutionInfo info =
        WorkflowExecutionInfo.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build();
    return new WorkflowExecutionMetadata(info, DefaultDataConverter.STANDARD_INSTANCE);
  }

  private static WorkflowExecutionMetadata cluster(String name, List<String> labels) {
    SearchAttributes attributes =
        SearchAttributes.newBuilder()
            .set(FleetflowSearchAttributes.NAME, name)
            .set(FleetflowSearchAttributes.CLUSTER_LABELS, labels)
            .build();
    WorkflowExecutionInfo info =
        WorkflowExecutionInfo.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("ManagedCluster/" + name))
            .setSearchAttributes(SearchAttributesUtil.encodeTyped(attributes))
            .build();
    return new WorkflowExecutionMetadata(info, DefaultDataConverter.STANDARD_INSTANCE);
  }
}
