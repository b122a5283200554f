package io.fleetflow.workflows.work;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.DeleteRequest;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.SelectivelyOrphan;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Delivering a ManifestWork: apply, spec changes, deletion, and an unreachable cluster. */
class ManifestWorkWorkflowTest {
  private HubTestEnvironment hub;
  private AgentActivities agent;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    agent = hub.agentFor("cluster1");
    when(agent.applyManifests(any())).thenAnswer(call -> Fixtures.appliedAll(call.getArgument(0)));
    hub.env()
        .newWorker(RecordingOwner.TASK_QUEUE)
        .registerWorkflowImplementationTypes(RecordingOwner.Impl.class);
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aNewWorkIsAppliedOnItsClusterAndReportsAppliedAndAvailable() {
    create(Fixtures.helloWork("cluster1"));
    hub.env().sleep(Duration.ofSeconds(1));

    ArgumentCaptor<ApplyRequest> request = ArgumentCaptor.forClass(ApplyRequest.class);
    verify(agent).applyManifests(request.capture());
    assertThat(request.getValue().generation()).isEqualTo(1);
    assertThat(request.getValue().manifests()).hasSize(2);

    ManifestWork work = stub("cluster1", "hello").get();
    assertThat(Conditions.isTrue(work.getStatus().getConditions(), "Applied")).isTrue();
    assertThat(Conditions.isTrue(work.getStatus().getConditions(), "Available")).isTrue();
    assertThat(
            Conditions.find(work.getStatus().getConditions(), "Applied")
                .orElseThrow()
                .getObservedGeneration())
        .isEqualTo(1L);
    assertThat(work.getStatus().getResourceStatus().manifests())
        .extracting(m -> m.resourceMeta().kind() + "/" + m.resourceMeta().name())
        .containsExactly("Namespace/hello", "ConfigMap/greeting");
    assertThat(work.getStatus().getResourceStatus().manifests())
        .allSatisfy(m -> assertThat(Conditions.isTrue(m.conditions(), "Available")).isTrue());
  }

  @Test
  void aResourceThatLeavesTheSpecIsDeletedFromTheCluster() {
    ManifestWork created = create(Fixtures.helloWork("cluster1"));
    hub.env().sleep(Duration.ofSeconds(1));

    ManifestWork changed = stub("cluster1", "hello").get();
    changed.getSpec().getWorkload().manifests().remove(1);
    stub("cluster1", "hello").apply(changed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    ArgumentCaptor<DeleteRequest> deleted = ArgumentCaptor.forClass(DeleteRequest.class);
    verify(agent).deleteResources(deleted.capture());
    assertThat(deleted.getValue().resources())
        .extracting(r -> r.meta().name())
        .containsExactly("greeting");
    ManifestWork work = stub("cluster1", "hello").get();
    assertThat(work.getMetadata().getGeneration())
        .isEqualTo(created.getMetadata().getGeneration() + 1);
    assertThat(
            Conditions.find(work.getStatus().getConditions(), "Applied")
                .orElseThrow()
                .getObservedGeneration())
        .isEqualTo(2L);
  }

  @Test
  void deletingAWorkRemovesItsResourcesBeforeTheWorkIsGone() {
    create(Fixtures.helloWork("cluster1"));
    hub.env().sleep(Duration.ofSeconds(1));

    ManifestWork deleting = stub("cluster1", "hello").delete(ADMIN);

    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    WorkflowStub untyped = WorkflowStub.fromTyped(stub("cluster1", "hello"));
    untyped.getResult(Void.class);
    ArgumentCaptor<DeleteRequest> deleted = ArgumentCaptor.forClass(DeleteRequest.class);
    verify(agent).deleteResources(deleted.capture());
    assertThat(deleted.getValue().resources())
        .extracting(r -> r.meta().name())
        .containsExactlyInAnyOrder("hello", "greeting");
    assertThat(status("cluster1", "hello"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void anOrphaningWorkLeavesItsResourcesOnTheCluster() {
    ManifestWork work = Fixtures.helloWork("cluster1");
    work.getSpec().setDeleteOption(new DeleteOption(DeleteOption.ORPHAN, null, null));
    create(work);
    hub.env().sleep(Duration.ofSeconds(1));

    stub("cluster1", "hello").delete(ADMIN);
    WorkflowStub.fromTyped(stub("cluster1", "hello")).getResult(Void.class);

    ArgumentCaptor<DeleteRequest> released = ArgumentCaptor.forClass(DeleteRequest.class);
    verify(agent).deleteResources(released.capture());
    assertThat(released.getValue().resources()).isEmpty();
    assertThat(released.getValue().orphans())
        .extracting(r -> r.meta().name())
        .containsExactlyInAnyOrder("hello", "greeting");
  }

  @Test
  void aSelectivelyOrphaningWorkDeletesAllButTheResourcesItsRulesName() {
    ManifestWork work = Fixtures.helloWork("cluster1");
    work.getSpec()
        .setDeleteOption(
            new DeleteOption(
                DeleteOption.SELECTIVELY_ORPHAN,
                new SelectivelyOrphan(
                    List.of(new ResourceIdentifier("", "namespaces", "hello", null))),
                null));
    create(work);
    hub.env().sleep(Duration.ofSeconds(1));

    stub("cluster1", "hello").delete(ADMIN);
    WorkflowStub.fromTyped(stub("cluster1", "hello")).getResult(Void.class);

    ArgumentCaptor<DeleteRequest> deleted = ArgumentCaptor.forClass(DeleteRequest.class);
    verify(agent).deleteResources(deleted.capture());
    assertThat(deleted.getValue().resources())
        .extracting(r -> r.meta().name() + "@" + r.uid())
        .containsExactly("greeting@uid-1");
    assertThat(deleted.getValue().orphans())
        .extracting(r -> r.meta().name())
        .containsExactly("hello");
  }

  @Test
  void aCompleteWorkWithATtlDeletesItselfThatLongAfterItCompleted() {
    doAnswer(call -> complete(Fixtures.appliedAll(call.getArgument(0))))
        .when(agent)
        .applyManifests(any());
    ManifestWork work = Fixtures.helloWork("cluster1");
    work.getSpec().setDeleteOption(new DeleteOption(DeleteOption.FOREGROUND, null, 60L));
    create(work);

    hub.env().sleep(Duration.ofSeconds(30));
    assertThat(
            Conditions.isTrue(
                stub("cluster1", "hello").get().getStatus().getConditions(), "Complete"))
        .isTrue();
    assertThat(status("cluster1", "hello"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    verify(agent, never()).deleteResources(any());

    hub.env().sleep(Duration.ofSeconds(40));
    WorkflowStub.fromTyped(stub("cluster1", "hello")).getResult(Void.class);
    ArgumentCaptor<DeleteRequest> deleted = ArgumentCaptor.forClass(DeleteRequest.class);
    verify(agent).deleteResources(deleted.capture());
    assertThat(deleted.getValue().resources()).hasSize(2);
  }

  @Test
  void aResourceDeletedOnTheClusterIsAppliedAgainAndTheCorrectionRecorded() {
    create(Fixtures.helloWork("cluster1"));
    hub.env().sleep(Duration.ofSeconds(1));

    stub("cluster1", "hello")
        .clusterChanged(
            new ClusterChange(
                "resources changed on the cluster",
                List.of(
                    new ClusterChange.Resource(
                        "ConfigMap", "hello", "greeting", ClusterChange.DELETED))));
    hub.env().sleep(Duration.ofSeconds(1));

    verify(agent, times(2)).applyManifests(any());
    ManifestWork work = stub("cluster1", "hello").get();
    assertThat(work.getMetadata().getAnnotations())
        .hasEntrySatisfying(
            ManifestWorkWorkflowImpl.LAST_DRIFT_CORRECTION,
            v ->
                assertThat(v)
                    .contains("ConfigMap hello/greeting Deleted on the cluster; re-applied"));
    assertThat(work.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void aStatusChangeRefreshesTheStatusWithoutRecordingADrift() {
    create(Fixtures.helloWork("cluster1"));
    hub.env().sleep(Duration.ofSeconds(1));

    stub("cluster1", "hello")
        .clusterChanged(
            new ClusterChange(
                "resources changed on the cluster",
                List.of(
                    new ClusterChange.Resource(
                        "ConfigMap", "hello", "greeting", ClusterChange.STATUS_CHANGED))));
    hub.env().sleep(Duration.ofSeconds(1));

    verify(agent, times(2)).applyManifests(any());
    assertThat(stub("cluster1", "hello").get().getMetadata().getAnnotations())
        .doesNotContainKey(ManifestWorkWorkflowImpl.LAST_DRIFT_CORRECTION);
  }

  @Test
  void aWorkOfAReplicaSetReportsItsStatusChangesAndThatItIsGone() {
    RecordingOwner owner =
        hub.client()
            .newWorkflowStub(
                RecordingOwner.class,
                io.temporal.client.WorkflowOptions.newBuilder()
                    .setWorkflowId("ManifestWorkReplicaSet/default/web")
                    .setTaskQueue(RecordingOwner.TASK_QUEUE)
                    .build());
    io.temporal.client.WorkflowClient.start(owner::run);
    ManifestWork work = Fixtures.helloWork("cluster1");
    work.getMetadata().setLabels(Map.of(WorkOwners.REPLICA_SET_LABEL, "default.web"));
    create(work);
    hub.env().sleep(Duration.ofSeconds(1));

    stub("cluster1", "hello").delete(ADMIN);
    WorkflowStub.fromTyped(stub("cluster1", "hello")).getResult(Void.class);

    List<WorkOwners.StatusReport> reports = owner.reports();
    assertThat(reports).isNotEmpty();
    assertThat(reports)
        .anySatisfy(
            r -> {
              assertThat(r.deleted()).isFalse();
              assertThat(Conditions.isTrue(r.conditions(), "Applied")).isTrue();
            });
    WorkOwners.StatusReport last = reports.get(reports.size() - 1);
    assertThat(last.deleted()).isTrue();
    assertThat(last.cluster()).isEqualTo("cluster1");
    assertThat(last.name()).isEqualTo("hello");
    assertThat(reports).doesNotHaveDuplicates();
    // Each report was a local activity of the work (a marker), not a signal to another workflow
    // with a workflow task of its own.
    assertThat(hub.client().fetchHistory("ManifestWork/cluster1/hello").getEvents())
        .extracting(e -> e.getEventType())
        .doesNotContain(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
  }

  @Test
  void aWorkWhoseReplicaSetDoesNotExistIsAppliedAndDeletedAllTheSame() {
    ManifestWork work = Fixtures.helloWork("cluster1");
    work.getMetadata().setLabels(Map.of(WorkOwners.REPLICA_SET_LABEL, "default.missing"));
    create(work);
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(
            Conditions.isTrue(
                stub("cluster1", "hello").get().getStatus().getConditions(), "Applied"))
        .isTrue();
    stub("cluster1", "hello").delete(ADMIN);
    WorkflowStub.fromTyped(stub("cluster1", "hello")).getResult(Void.class);
    assertThat(status("cluster1", "hello"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void aWorkWhoseClusterIsForceReleasedStopsRetryingLeavesItsResourcesAndEnds() {
    create(Fixtures.helloWork("cluster1"));
    hub.env().sleep(Duration.ofSeconds(1));
    org.mockito.Mockito.doThrow(new IllegalStateException("connection refused"))
        .when(agent)
        .deleteResources(any());
    stub("cluster1", "hello").delete(ADMIN);
    hub.env().sleep(Duration.ofMinutes(2));
    assertThat(status("cluster1", "hello"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    stub("cluster1", "hello")
        .orphanForRelease("the VM is gone", Actor.system("takeover", "release of cluster1"));
    WorkflowStub.fromTyped(stub("cluster1", "hello")).getResult(Void.class);

    var deleting =
        Conditions.find(stub("cluster1", "hello").get().getStatus().getConditions(), "Deleting")
            .orElseThrow();
    assertThat(deleting.getReason()).isEqualTo("ResourcesOrphaned");
    assertThat(deleting.getMessage())
        .contains("cluster cluster1 was force-released (the VM is gone)")
        .contains("Namespace hello, ConfigMap hello/greeting");
    assertThat(
            hub.client().fetchHistory("ManifestWork/cluster1/hello").getEvents().stream()
                .filter(
                    e ->
                        e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                .map(
                    e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest())
                .filter(r -> r.getInput().getName().equals("orphanForRelease"))
                .map(r -> r.getInput().getArgs().getPayloads(0).getData().toStringUtf8()))
        .containsExactly("\"the VM is gone\"");
  }

  @Test
  void aWorkForAClusterThatPicksNothingUpWaitsVisiblyAndLandsWhenTheAgentComes() {
    create(Fixtures.helloWork("cluster2"));

    hub.env().sleep(Duration.ofSeconds(70));

    ManifestWork waiting = stub("cluster2", "hello").get();
    var applied = Conditions.find(waiting.getStatus().getConditions(), "Applied").orElseThrow();
    assertThat(applied.getStatus()).isEqualTo(Conditions.UNKNOWN);
    assertThat(applied.getReason()).isEqualTo("ClusterUnreachable");

    AgentActivities late = lateAgent("cluster2");
    verify(late, timeout(10_000)).applyManifests(any());
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(
            Conditions.isTrue(
                stub("cluster2", "hello").get().getStatus().getConditions(), "Applied"))
        .isTrue();
  }

  private AgentActivities lateAgent(String cluster) {
    AgentActivities late =
        org.mockito.Mockito.mock(
            AgentActivities.class, org.mockito.Mockito.withSettings().withoutAnnotations());
    when(late.applyManifests(any())).thenAnswer(call -> Fixtures.appliedAll(call.getArgument(0)));
    // The test environment's own factory is already started, so the late agent gets its own, as a
    // real agent process would.
    WorkerFactory factory = WorkerFactory.newInstance(hub.client());
    factory.newWorker(AgentActivities.taskQueue(cluster)).registerActivitiesImplementations(late);
    factory.start();
    return late;
  }

  private ManifestWork create(ManifestWork work) {
    return hub.createWork(work, ADMIN);
  }

  private ManifestWorkWorkflow stub(String cluster, String name) {
    return hub.work(cluster, name);
  }

  private WorkflowExecutionStatus status(String cluster, String name) {
    return WorkflowStub.fromTyped(stub(cluster, name)).describe().getStatus();
  }

  /** The result as a finished Job reports it: each resource Complete by its condition rule. */
  private static ApplyResult complete(ApplyResult result) {
    return new ApplyResult(
        result.resources().stream()
            .map(
                r ->
                    r.withStatus(
                        null,
                        List.of(
                            new ConditionBuilder()
                                .withType("Complete")
                                .withStatus(Conditions.TRUE)
                                .withReason("JobComplete")
                                .withMessage("Job is finished")
                                .build())))
            .toList());
  }
}
