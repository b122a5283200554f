package io.fleetflow.workflows.cluster;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.validation.ObjectLimits;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.SearchAttributeLimits;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Labels are limited by Kubernetes only through the object's size, so a cluster may carry
 * thousands; none of them may make Temporal refuse the cluster's search attributes, or the workflow
 * task that carries them, and end its workflow, on create or on a later change. The in-process test
 * server refuses gRPC messages over 4 MB as the real server does, so a change whose workflow task
 * would pass that limit fails here too.
 */
class LabelsAtTheLimitWorkflowTest {
  private static final String ID = ClusterKinds.MANAGED_CLUSTER.workflowId(null, "big");
  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aClusterCreatedWithLabelsAtTheAdmissionLimitKeepsRunningAndKeepsEveryLabel() {
    ManagedCluster cluster = clusterWithLabelsUpToTheLimit();
    assertThat(ClusterKinds.MANAGED_CLUSTER.validator().validateCreate(cluster)).isEmpty();

    create(cluster);
    hub.env().sleep(Duration.ofSeconds(5));

    assertStillRunningWithinLimits();
    assertThat(hub.cluster("big").get().getMetadata().getLabels())
        .containsAllEntriesOf(cluster.getMetadata().getLabels());
    assertThat(lastPublishedLabels()).last().isEqualTo(SearchAttributeLimits.TRUNCATED);
  }

  @Test
  void aLabelChangeThatBringsAClusterToTheLimitDoesNotEndItsWorkflow() {
    // Built first: the test server skips time while the test computes, up to the request's expiry.
    ManagedCluster proposed = clusterWithLabelsUpToTheLimit();
    create(cluster(Map.of("env", "prod")));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(lastPublishedLabels()).contains("env=prod");

    hub.cluster("big").apply(proposed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(5));

    assertStillRunningWithinLimits();
    assertThat(hub.cluster("big").get().getMetadata().getLabels())
        .containsAllEntriesOf(proposed.getMetadata().getLabels());
    assertThat(lastPublishedLabels()).last().isEqualTo(SearchAttributeLimits.TRUNCATED);
  }

  /**
   * As many labels of the longest key and value as an object of 1.5 MiB holds: about 4,000, where 5
   * already pass Temporal's limit on one search attribute value.
   */
  static ManagedCluster clusterWithLabelsUpToTheLimit() {
    return fillLabelsUpToTheLimit(cluster(new HashMap<>()));
  }

  /** Adds labels to a cluster until one more would pass the object limit. */
  static ManagedCluster fillLabelsUpToTheLimit(ManagedCluster cluster) {
    Map<String, String> labels = new HashMap<>(cluster.getMetadata().getLabels());
    cluster.getMetadata().setLabels(labels);
    String value = "v".repeat(63);
    labels.put(key(0), value);
    long one = ObjectLimits.sizeOf(cluster);
    labels.put(key(1), value);
    long perLabel = ObjectLimits.sizeOf(cluster) - one;
    long room = ObjectLimits.MAX_OBJECT_BYTES - ObjectLimits.sizeOf(cluster);
    for (int i = 2; i < 2 + room / perLabel; i++) {
      labels.put(key(i), value);
    }
    assertThat(ObjectLimits.sizeOf(cluster))
        .isLessThanOrEqualTo(ObjectLimits.MAX_OBJECT_BYTES)
        .isGreaterThan(ObjectLimits.MAX_OBJECT_BYTES - perLabel);
    return cluster;
  }

  /** A label key of the longest prefix (253) and name (63) Kubernetes allows. */
  private static String key(int i) {
    return String.format("%s%04d.example.com/%s", "p".repeat(237), i, "n".repeat(63));
  }

  private static ManagedCluster cluster(Map<String, String> labels) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName("big");
    cluster.getMetadata().setLabels(labels);
    return cluster;
  }

  private void create(ManagedCluster cluster) {
    ManagedClusterWorkflow workflow =
        hub.client()
            .newWorkflowStub(
                ManagedClusterWorkflow.class,
                EntityWorkflowOptions.forObject(ClusterKinds.MANAGED_CLUSTER, null, "big"));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        cluster,
        ADMIN,
        UpdateOptions.<ManagedCluster>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (ManagedClusterState) null));
  }

  /**
   * The in-process test server does not enforce Temporal's search attribute limits, so the test
   * reads every upsert from the history and holds it to them, and checks that no workflow task
   * failed.
   */
  private void assertStillRunningWithinLimits() {
    List<String> failures =
        hub.client().fetchHistory(ID).getEvents().stream()
            .filter(HistoryEvent::hasWorkflowTaskFailedEventAttributes)
            .map(e -> e.getWorkflowTaskFailedEventAttributes().getFailure().toString())
            .toList();
    assertThat(failures).as("workflow task failures").isEmpty();
    assertThat(hub.client().fetchHistory(ID).getEvents().stream().map(HistoryEvent::getEventType))
        .doesNotContain(
            EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assertThat(hub.client().newUntypedWorkflowStub(ID).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    Map<String, Payload> merged = new HashMap<>();
    for (HistoryEvent event : upserts()) {
      Map<String, Payload> fields =
          event
              .getUpsertWorkflowSearchAttributesEventAttributes()
              .getSearchAttributes()
              .getIndexedFieldsMap();
      fields.forEach(
          (name, payload) ->
              assertThat(payload.getData().size())
                  .as("the value of %s", name)
                  .isLessThanOrEqualTo(SearchAttributeLimits.MAX_VALUE_BYTES));
      merged.putAll(fields);
    }
    int total =
        io.temporal.api.common.v1.SearchAttributes.newBuilder()
            .putAllIndexedFields(merged)
            .build()
            .getSerializedSize();
    assertThat(total).isLessThanOrEqualTo(SearchAttributeLimits.MAX_TOTAL_BYTES);
  }

  private List<HistoryEvent> upserts() {
    return hub.client().fetchHistory(ID).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
        .toList();
  }

  private List<String> lastPublishedLabels() {
    return hub.client()
        .newUntypedWorkflowStub(ID)
        .describe()
        .getTypedSearchAttributes()
        .get(FleetflowSearchAttributes.CLUSTER_LABELS);
  }
}
