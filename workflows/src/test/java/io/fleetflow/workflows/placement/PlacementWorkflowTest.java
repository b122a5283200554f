package io.fleetflow.workflows.placement;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.PlacementActivities.FleetView;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementDecision;
import io.fleetflow.model.placement.PlacementSpec;
import io.fleetflow.workflows.HubTestEnvironment;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A placement schedules when created, when told the fleet changed and when a toleration lapses; it
 * keeps OCM's status, derives PlacementDecision objects and tells its subscribers.
 */
class PlacementWorkflowTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SUBSCRIBERS = "subscribers";

  private HubTestEnvironment hub;
  private final AtomicReference<FleetView> fleet = new AtomicReference<>();

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    hub.env()
        .newWorker(SUBSCRIBERS)
        .registerWorkflowImplementationTypes(RecordingSubscriberImpl.class);
    when(hub.placements().fleet(eq("apps"), anyString(), any(), any()))
        .thenAnswer(i -> fleet.get());
    fleet.set(view(cluster("c1", Map.of("env", "prod")), cluster("c2", Map.of("env", "dev"))));
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aNewPlacementSelectsMatchingClustersAndServesOcmDecisionObjects() throws Exception {
    PlacementWorkflow web =
        hub.createPlacement(
            placement(
                "{predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: prod}}}}]}"),
            ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(web.decisions().clusters()).containsExactly("c1");
    assertThat(web.decisions().satisfied()).isTrue();
    Placement placement = web.get();
    assertThat(placement.getStatus().getNumberOfSelectedClusters()).isEqualTo(1);
    assertThat(placement.getStatus().getDecisionGroups().get(0).decisions())
        .containsExactly("web-decision-1");
    assertThat(
            Conditions.find(placement.getStatus().getConditions(), Placement.CONDITION_SATISFIED)
                .orElseThrow()
                .getReason())
        .isEqualTo("AllDecisionsScheduled");
    assertThat(
            Conditions.isTrue(
                placement.getStatus().getConditions(), Placement.CONDITION_MISCONFIGURED))
        .isFalse();
    List<PlacementDecision> objects = web.placementDecisions();
    assertThat(objects).hasSize(1);
    assertThat(objects.get(0).getMetadata().getName()).isEqualTo("web-decision-1");
    assertThat(objects.get(0).getMetadata().getLabels())
        .containsEntry(Placement.PLACEMENT_LABEL, "web")
        .containsEntry(Placement.GROUP_INDEX_LABEL, "0")
        .containsEntry(Placement.GROUP_NAME_LABEL, "");
    assertThat(objects.get(0).getStatus().getDecisions())
        .extracting(PlacementDecision.ClusterDecision::clusterName)
        .containsExactly("c1");
    // Every match is selected, so the round does not ask the other placements for theirs.
    verify(hub.placements(), atLeastOnce()).fleet(eq("apps"), anyString(), any(), eq(false));
    verify(hub.placements(), never()).fleet(eq("apps"), anyString(), any(), eq(true));
  }

  @Test
  void aFleetChangeReschedulesAndTellsSubscribers() {
    PlacementWorkflow web =
        hub.createPlacement(
            placement(
                "{predicates: [{requiredClusterSelector: {labelSelector: {matchLabels: {env: prod}}}}]}"),
            ADMIN);
    RecordingSubscriber rollout = startSubscriber("ManifestWorkReplicaSet/apps/web");
    web.subscribe("ManifestWorkReplicaSet/apps/web");
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(rollout.received()).extracting(PlacementDecisions::revision).containsExactly(1L);

    fleet.set(view(cluster("c1", Map.of("env", "prod")), cluster("c2", Map.of("env", "prod"))));
    WorkflowClient.newInstance(hub.client().getWorkflowServiceStubs())
        .newUntypedWorkflowStub(PlacementSignals.workflowId("apps", "web"))
        .signal("fleetChanged", "ManagedCluster c2 changed");
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(web.decisions().clusters()).containsExactly("c1", "c2");
    assertThat(web.decisions().revision()).isEqualTo(2);
    assertThat(rollout.received()).extracting(PlacementDecisions::revision).containsExactly(1L, 2L);
    assertThat(rollout.received().get(1).clusters()).containsExactly("c1", "c2");
  }

  @Test
  void aLapsingTolerationEvictsTheClusterWithoutAnyOtherChange() {
    Instant now = Instant.ofEpochMilli(hub.env().currentTimeMillis());
    fleet.set(
        view(
            cluster("c1", Map.of()),
            new ClusterFacts(
                "c2",
                Map.of(),
                Map.of(),
                List.of(
                    new Taint(
                        "cluster.open-cluster-management.io/unreachable",
                        null,
                        "NoSelect",
                        now.toString())),
                Map.of())));
    PlacementWorkflow web =
        hub.createPlacement(
            placement(
                "{tolerations: [{key: cluster.open-cluster-management.io/unreachable,"
                    + " operator: Exists, tolerationSeconds: 120}]}"),
            ADMIN);
    hub.env().sleep(Duration.ofSeconds(60));
    assertThat(web.decisions().clusters()).containsExactly("c1", "c2");

    hub.env().sleep(Duration.ofSeconds(61));

    assertThat(web.decisions().clusters()).containsExactly("c1");
    assertThat(
            io.temporal.client.WorkflowStub.fromTyped(web)
                .describe()
                .getWorkflowExecutionInfo()
                .getStatus()
                .name())
        .isEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");
  }

  @Test
  void steadyKeepsTheDecidedClusterWhenABetterNamedOneJoins() {
    fleet.set(view(cluster("c2", Map.of())));
    PlacementWorkflow one = hub.createPlacement(placement("{numberOfClusters: 1}"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(one.decisions().clusters()).containsExactly("c2");

    fleet.set(view(cluster("c1", Map.of()), cluster("c2", Map.of())));
    hub.client()
        .newUntypedWorkflowStub(PlacementSignals.workflowId("apps", "web"))
        .signal("fleetChanged", "ManagedCluster c1 changed");
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(one.decisions().clusters()).containsExactly("c2");
    assertThat(one.decisions().revision()).isEqualTo(1);
    // numberOfClusters makes the ranking pick, so Balance needs the other placements' decisions.
    verify(hub.placements(), atLeastOnce()).fleet(eq("apps"), anyString(), any(), eq(true));
  }

  @Test
  void aSpecChangeReschedulesAndTheDetailsSayWhy() {
    PlacementWorkflow web = hub.createPlacement(placement("{}"), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(web.decisions().clusters()).containsExactly("c1", "c2");

    Placement changed = web.get();
    changed.getSpec().setNumberOfClusters(3);
    web.apply(changed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    Placement now = web.get();
    var satisfied =
        Conditions.find(now.getStatus().getConditions(), Placement.CONDITION_SATISFIED)
            .orElseThrow();
    assertThat(satisfied.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(satisfied.getReason()).isEqualTo("NotAllDecisionsScheduled");
    assertThat(satisfied.getMessage()).isEqualTo("1 cluster decisions unscheduled");
    String details =
        io.temporal.client.WorkflowStub.fromTyped(web)
            .query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class)
            .getCurrentDetails();
    assertThat(details).contains("selects 2 clusters").contains("the placement changed");
  }

  @Test
  void setsTellThePlacementsWhenTheyChange() {
    ManagedClusterSet set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName("prod");
    set.setSpec(new ManagedClusterSetSpec());
    when(hub.inventory().clusters()).thenReturn(List.of());
    var workflow =
        hub.client()
            .newWorkflowStub(
                io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflow.class,
                io.fleetflow.workflows.entity.EntityWorkflowOptions.forObject(
                    io.fleetflow.model.clusterset.ClusterSetKinds.MANAGED_CLUSTER_SET,
                    null,
                    "prod"));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        set,
        ADMIN,
        io.temporal.client.UpdateOptions.<ManagedClusterSet>newBuilder()
            .setWaitForStage(io.temporal.client.WorkflowUpdateStage.COMPLETED)
            .build(),
        new io.temporal.client.WithStartWorkflowOperation<>(
            workflow::run, (ManagedClusterSet) null));
    hub.env().sleep(Duration.ofSeconds(1));

    verify(hub.placements(), atLeastOnce()).notifyPlacements("ManagedClusterSet prod changed");
  }

  @Test
  void aClusterKeepsItsFactsInItsMemoAndTellsPlacementsOnlyWhenTheyChange() throws Exception {
    hub.join(io.fleetflow.workflows.Fixtures.join("c9", "sha256:nine"));
    var cluster = hub.cluster("c9");
    var labelled = cluster.get();
    labelled.getMetadata().getLabels().put("tier", "gold");
    labelled.getMetadata().setResourceVersion(null);
    cluster.apply(labelled, ADMIN);

    io.fleetflow.activities.hub.PlacementActivities.PlacementMemo memo = null;
    for (int i = 0; i < 50 && (memo == null || !memo.facts().labels().containsKey("tier")); i++) {
      hub.env().sleep(Duration.ofMillis(200));
      memo =
          io.temporal.client.WorkflowStub.fromTyped(cluster)
              .describe()
              .getMemo(
                  io.fleetflow.activities.hub.PlacementActivities.MEMO,
                  io.fleetflow.activities.hub.PlacementActivities.PlacementMemo.class,
                  io.fleetflow.activities.hub.PlacementActivities.PlacementMemo.class);
    }
    // The join and the label may reach the loop together and make one notice, never none.
    verify(hub.placements(), org.mockito.Mockito.timeout(5_000).atLeastOnce())
        .notifyPlacements("ManagedCluster c9 changed");
    assertThat(memo.selectable()).as("not accepted yet").isFalse();
    assertThat(memo.facts().labels()).containsEntry("tier", "gold");
    assertThat(memo.facts().allocatable()).containsEntry("cpu", "3800m");

    org.mockito.Mockito.clearInvocations(hub.placements());
    var annotated = cluster.get();
    annotated.getMetadata().setAnnotations(Map.of("note", "placements do not care"));
    annotated.getMetadata().setResourceVersion(null);
    cluster.apply(annotated, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    Thread.sleep(1000);

    verify(hub.placements(), org.mockito.Mockito.never()).notifyPlacements(anyString());
  }

  @Test
  void anAddOnScoreKeepsTheStatusItIsSentAndTellsPlacements() {
    AddOnPlacementScoreWorkflow workflow = hub.createScore(score("cpu", 40), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(workflow.get().getStatus().getScores())
        .extracting(AddOnPlacementScore.Score::value)
        .containsExactly(40);

    var changed = workflow.get();
    changed.getStatus().getScores().set(0, new AddOnPlacementScore.Score("cpu", 70));
    workflow.apply(changed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(workflow.get().getStatus().getScores())
        .extracting(AddOnPlacementScore.Score::value)
        .containsExactly(70);
    verify(hub.placements(), org.mockito.Mockito.times(2))
        .notifyPlacements("AddOnPlacementScore c1/usage changed");
  }

  @Test
  void anIdleAddOnScoreSleepsUntilItsAgentWritesAgain() {
    AddOnPlacementScoreWorkflow workflow = hub.createScore(score("cpu", 40), ADMIN);
    hub.env().sleep(Duration.ofHours(1));

    List<HistoryEvent> events =
        hub.client().fetchHistory("AddOnPlacementScore/c1/usage").getHistory().getEventsList();
    assertThat(events).noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED);
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED))
        .singleElement()
        .satisfies(
            timer ->
                assertThat(
                        timer.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds())
                    .isEqualTo(Duration.ofDays(1).toSeconds()));

    var changed = workflow.get();
    changed.getStatus().getScores().set(0, new AddOnPlacementScore.Score("cpu", 90));
    workflow.apply(changed, ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    verify(hub.placements(), org.mockito.Mockito.times(2))
        .notifyPlacements("AddOnPlacementScore c1/usage changed");
  }

  private static AddOnPlacementScore score(String name, int value) {
    var score = new AddOnPlacementScore();
    score.setMetadata(new ObjectMeta());
    score.getMetadata().setName("usage");
    score.getMetadata().setNamespace("c1");
    score.getStatus().getScores().add(new AddOnPlacementScore.Score(name, value));
    return score;
  }

  private RecordingSubscriber startSubscriber(String id) {
    RecordingSubscriber subscriber =
        hub.client()
            .newWorkflowStub(
                RecordingSubscriber.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(SUBSCRIBERS).build());
    WorkflowClient.start(subscriber::run);
    return subscriber;
  }

  private static Placement placement(String spec) {
    try {
      Placement placement = new Placement();
      placement.setMetadata(new ObjectMeta());
      placement.getMetadata().setName("web");
      placement.getMetadata().setNamespace("apps");
      placement.setSpec(YAML.readValue(spec, PlacementSpec.class));
      return placement;
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ClusterFacts cluster(String name, Map<String, String> labels) {
    return new ClusterFacts(name, labels, Map.of(), List.of(), Map.of());
  }

  /** A fleet whose clusters are all in the set {@code global}, bound in namespace apps. */
  private static FleetView view(ClusterFacts... clusters) {
    ManagedClusterSet global = new ManagedClusterSet();
    global.setMetadata(new ObjectMeta());
    global.getMetadata().setName("global");
    ManagedClusterSetSpec spec = new ManagedClusterSetSpec();
    spec.setClusterSelector(
        new ManagedClusterSetSpec.ClusterSelector(
            ManagedClusterSet.LABEL_SELECTOR, new io.fabric8.kubernetes.api.model.LabelSelector()));
    global.setSpec(spec);
    return new FleetView(List.of(clusters), List.of(global), List.of(), Map.of());
  }

  /** A consumer of decisions, as a rollout would be. */
  @WorkflowInterface
  public interface RecordingSubscriber {
    @WorkflowMethod
    void run();

    @SignalMethod(name = PlacementSignals.DECISIONS_CHANGED)
    void placementDecisionsChanged(PlacementDecisions decisions);

    @QueryMethod
    List<PlacementDecisions> received();
  }

  /** Records every decision it is told. */
  public static class RecordingSubscriberImpl implements RecordingSubscriber {
    private final List<PlacementDecisions> received = new ArrayList<>();

    @Override
    public void run() {
      Workflow.await(() -> false);
    }

    @Override
    public void placementDecisionsChanged(PlacementDecisions decisions) {
      received.add(decisions);
    }

    @Override
    public List<PlacementDecisions> received() {
      return received;
    }
  }
}
