package io.fleetflow.workflows.rollout;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.AppliedResource;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.DeleteRequest;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.ManifestWorkWorkflowImpl;
import io.fleetflow.workflows.work.WorkOwners;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollouts of a replica set that holds its works: the agents, played by mocks, apply each cluster's
 * work when the replica set asks them, and the works reach the API through the change feed, with no
 * ManifestWork workflow and no call to the hub's generated-work activities.
 */
class HeldWorksTest {
  private static final String NS = "apps";
  private static final String NAME = "hello";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HubTestEnvironment hub;
  private final Map<String, AgentActivities> agents = new HashMap<>();
  private final List<ApplyRequest> applies = Collections.synchronizedList(new ArrayList<>());
  private final List<DeleteRequest> deletes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger c2Failures = new AtomicInteger();

  @BeforeEach
  void startHub() {
    HeldWorks.enable(true);
    hub = new HubTestEnvironment();
    for (String cluster : List.of("c1", "c2", "c3")) {
      AgentActivities agent = hub.agentFor(cluster);
      when(agent.applyManifests(any()))
          .thenAnswer(
              call -> {
                ApplyRequest request = call.getArgument(0);
                if (cluster.equals("c2") && c2Failures.getAndDecrement() > 0) {
                  throw new IllegalStateException("the API server of c2 refused the write");
                }
                applies.add(request);
                return Fixtures.appliedAll(request);
              });
      doAnswer(
              call -> {
                deletes.add(call.getArgument(0));
                return null;
              })
          .when(agent)
          .deleteResources(any());
      agents.put(cluster, agent);
    }
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
    HeldWorks.enable(false);
  }

  @Test
  void theAgentsApplyTheWorksAndTheFeedShowsThemAsOcmLabelsGeneratedWorks() {
    ManifestWorkReplicaSetWorkflow rollout = create();
    decide("c1", "c2");
    settle();

    assertThat(applies)
        .extracting(r -> r.workNamespace() + "/" + r.workName() + "@" + r.generation())
        .containsExactlyInAnyOrder("c1/hello@1", "c2/hello@1");
    assertThat(rollout.get().getStatus().getRollout().phase()).isEqualTo("Succeeded");
    verify(hub.generatedWorks(), never()).applyAll(any());

    ManifestWork work = latestWork("c1");
    assertThat(work.getMetadata().getLabels())
        .containsEntry(WorkOwners.REPLICA_SET_LABEL, "apps.hello")
        .containsEntry(ManifestWorkReplicaSet.PLACEMENT_LABEL, "web")
        .containsEntry("team", "blue");
    assertThat(work.getMetadata().getAnnotations())
        .containsEntry(ManifestWorkReplicaSet.REVISION_ANNOTATION, "1")
        .containsEntry(
            ManifestWorkReplicaSet.HELD_BY_ANNOTATION, "ManifestWorkReplicaSet/apps/hello");
    assertThat(work.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(work.getSpec().getWorkload().manifests()).hasSize(2);
    assertThat(Conditions.isTrue(work.getStatus().getConditions(), ManifestWork.CONDITION_APPLIED))
        .isTrue();
    assertThat(work.getStatus().getResourceStatus().manifests()).hasSize(2);
  }

  @Test
  void aFailedApplyIsTriedAgainAndTheClusterSucceedsThen() {
    // Five attempts (the agent stubs' retry policy) fail, the sixth, a retry later, succeeds.
    c2Failures.set(5);
    ManifestWorkReplicaSetWorkflow rollout = create();
    decide("c1", "c2");
    hub.env().sleep(Duration.ofMinutes(2));
    ManifestWork failed = firstWork("c2");
    assertThat(failed).isNotNull();

    hub.env().sleep(HeldWorks.RETRY_DELAY.multipliedBy(4));

    assertThat(applies).extracting(ApplyRequest::workNamespace).contains("c1", "c2");
    assertThat(cluster(rollout, "c2")).isEqualTo("succeeded");
    assertThat(
            Conditions.isTrue(
                latestWork("c2").getStatus().getConditions(), ManifestWork.CONDITION_APPLIED))
        .isTrue();
    assertThat(
            hub.feedChanges().stream()
                .filter(c -> c.namespace().equals("c2"))
                .map(c -> toWork(c).getStatus().getConditions())
                .anyMatch(
                    conditions ->
                        Conditions.find(conditions, ManifestWork.CONDITION_APPLIED)
                            .map(c -> "AppliedManifestWorkFailed".equals(c.getReason()))
                            .orElse(false)))
        .as("the failure was on the API before the retry")
        .isTrue();
  }

  @Test
  void aClusterThatLeavesLosesItsResourcesWithTheirUidsAndTheFeedItsWork() {
    create();
    decide("c1", "c2");
    settle();
    decide("c2", "c3");
    settle();

    assertThat(deletes).hasSize(1);
    DeleteRequest removal = deletes.getFirst();
    assertThat(removal.workNamespace()).isEqualTo("c1");
    assertThat(removal.resources())
        .extracting(AppliedResource::uid)
        .containsExactlyInAnyOrder("uid-0", "uid-1");
    assertThat(hub.feedChanges())
        .filteredOn(c -> c.kind().equals(WorkKinds.MANIFEST_WORK.kind()))
        .filteredOn(c -> c.namespace().equals("c1"))
        .extracting(EntityChange::type)
        .containsExactly(EntityChange.Type.ADDED, EntityChange.Type.DELETED);
    assertThat(applies).extracting(ApplyRequest::workNamespace).contains("c3");
  }

  @Test
  void deletingTheReplicaSetRemovesEveryHeldWorkBeforeItEnds() {
    ManifestWorkReplicaSetWorkflow rollout = create();
    decide("c1", "c2");
    settle();

    rollout.delete(ADMIN);
    hub.client()
        .newUntypedWorkflowStub(RolloutKinds.MANIFEST_WORK_REPLICA_SET.workflowId(NS, NAME))
        .getResult(Void.class);

    assertThat(deletes)
        .extracting(DeleteRequest::workNamespace)
        .containsExactlyInAnyOrder("c1", "c2");
    assertThat(hub.feedChanges())
        .filteredOn(c -> c.type() == EntityChange.Type.DELETED && c.kind().equals("ManifestWork"))
        .extracting(EntityChange::namespace)
        .containsExactlyInAnyOrder("c1", "c2");
  }

  @Test
  void aNewRevisionIsTheNextGenerationOfTheWorkTheClusterHolds() {
    ManifestWorkReplicaSetWorkflow rollout = create();
    decide("c1");
    settle();
    renameLastManifest(rollout);
    settle();

    assertThat(applies).extracting(ApplyRequest::generation).containsExactly(1L, 2L);
    // The ConfigMap that left the template is deleted, by the UID the first apply recorded.
    assertThat(deletes).hasSize(1);
    assertThat(deletes.getFirst().resources())
        .extracting(AppliedResource::uid)
        .containsExactly("uid-1");
    ManifestWork work = latestWork("c1");
    assertThat(work.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(work.getMetadata().getUid()).isEqualTo(firstWork("c1").getMetadata().getUid());
  }

  @Test
  void resourcesANewRevisionDropsAreDeletedOnEveryClusterAtOnce() {
    CountDownLatch bothAsked = new CountDownLatch(2);
    for (String cluster : List.of("c1", "c2")) {
      doAnswer(
              call -> {
                deletes.add(call.getArgument(0));
                bothAsked.countDown();
                // One agent answers once the other is asked too, which one at a time never is.
                if (!bothAsked.await(10, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("the deletes ran one cluster at a time");
                }
                return null;
              })
          .when(agents.get(cluster))
          .deleteResources(any());
    }
    ManifestWorkReplicaSetWorkflow rollout = create();
    decide("c1", "c2");
    settle();

    renameLastManifest(rollout);
    settle();

    assertThat(deletes)
        .extracting(DeleteRequest::workNamespace)
        .containsExactlyInAnyOrder("c1", "c2");
    for (String cluster : List.of("c1", "c2")) {
      ManifestWork work = latestWork(cluster);
      assertThat(work.getMetadata().getGeneration()).isEqualTo(2);
      assertThat(
              Conditions.isTrue(work.getStatus().getConditions(), ManifestWork.CONDITION_APPLIED))
          .as(cluster)
          .isTrue();
    }
  }

  @Test
  void aChangeTheAgentSawOnAClusterIsAnsweredByApplyingThatClustersWorkAgain() {
    create();
    decide("c1", "c2");
    settle();
    ManifestWorkReplicaSetWorkflow rollout = running();

    rollout.clusterChanged(
        new ClusterChange(
            "resources changed on the cluster",
            List.of(new ClusterChange.Resource("ConfigMap", "default", "hello", "Deleted")),
            "c1"));
    // A cluster whose work the replica set does not hold is no reason to apply anything.
    rollout.clusterChanged(new ClusterChange("resources changed on the cluster", List.of(), "c9"));
    settle();

    assertThat(applies)
        .extracting(r -> r.workNamespace() + "@" + r.generation())
        .containsExactlyInAnyOrder("c1@1", "c2@1", "c1@1");
    assertThat(applies)
        .allSatisfy(r -> assertThat(r.holder()).isEqualTo("ManifestWorkReplicaSet/apps/hello"));
    // The correction is recorded on the work as a ManifestWork workflow records it.
    assertThat(latestWork("c1").getMetadata().getAnnotations())
        .hasEntrySatisfying(
            ManifestWorkWorkflowImpl.LAST_DRIFT_CORRECTION,
            c -> assertThat(c).contains("ConfigMap default/hello Deleted on the cluster; "));
    assertThat(latestWork("c2").getMetadata().getAnnotations())
        .doesNotContainKey(ManifestWorkWorkflowImpl.LAST_DRIFT_CORRECTION);
  }

  @Test
  void aReleasedClusterLosesItsResourcesAndAForceReleasedOneKeepsThem() {
    create();
    decide("c1", "c2");
    settle();
    ManifestWorkReplicaSetWorkflow rollout = running();

    rollout.releaseWork(new WorkRelease("c1", null));
    rollout.releaseWork(new WorkRelease("c2", "the VM was deleted (admin)"));
    settle();

    assertThat(deletes).extracting(DeleteRequest::workNamespace).containsExactly("c1");
    assertThat(rollout.heldWorks()).isEmpty();
    assertThat(hub.feedChanges())
        .filteredOn(c -> c.type() == EntityChange.Type.DELETED && c.kind().equals("ManifestWork"))
        .extracting(EntityChange::namespace)
        .containsExactlyInAnyOrder("c1", "c2");
    // The clusters keep their place in the rollout: the revision does not come back to them.
    settle();
    assertThat(applies).hasSize(2);
  }

  @Test
  void aReplicaSetThatLaunchedWithWorkflowsKeepsThemWhenHoldingIsSwitchedOn() {
    HeldWorks.enable(false);
    when(hub.generatedWorks().apply(any()))
        .thenAnswer(call -> new AppliedWork(1, Fixtures.workConditions(true, 1), true));
    create();
    decide("c1");
    settle();
    HeldWorks.enable(true);
    decide("c1", "c2");
    settle();

    verify(hub.generatedWorks(), times(2)).apply(any());
    assertThat(applies).isEmpty();
  }

  // ------------------------------------------------------------------------------------------

  private ManifestWorkReplicaSetWorkflow create() {
    return hub.createReplicaSet(Fixtures.replicaSet(RolloutStrategy.DEFAULT, null, false), ADMIN);
  }

  /** The placement's decisions, as the Placement workflow would signal them. */
  private void decide(String... clusters) {
    hub.decide(NS, NAME, clusters);
  }

  /** The replica set's workflow, as a client that did not create it reaches it. */
  private ManifestWorkReplicaSetWorkflow running() {
    return hub.client()
        .newWorkflowStub(
            ManifestWorkReplicaSetWorkflow.class,
            RolloutKinds.MANIFEST_WORK_REPLICA_SET.workflowId(NS, NAME));
  }

  private void settle() {
    hub.env().sleep(Duration.ofSeconds(2));
  }

  private static String cluster(ManifestWorkReplicaSetWorkflow rollout, String name) {
    return rollout.get().getStatus().getRollout().clusters().stream()
        .filter(c -> c.cluster().equals(name))
        .findFirst()
        .orElseThrow()
        .state();
  }

  private ManifestWork firstWork(String cluster) {
    return works(cluster).getFirst();
  }

  /** Gives the replica set a new revision whose last manifest has another name. */
  private static void renameLastManifest(ManifestWorkReplicaSetWorkflow rollout) {
    ManifestWorkReplicaSet set = rollout.get();
    set.getMetadata().setResourceVersion(null);
    set.getSpec()
        .getManifestWorkTemplate()
        .getWorkload()
        .manifests()
        .getLast()
        .getMetadata()
        .setName("renamed");
    rollout.apply(set, ADMIN);
  }

  private ManifestWork latestWork(String cluster) {
    return works(cluster).getLast();
  }

  /** The cluster's work as the feed carried it, change by change. */
  private List<ManifestWork> works(String cluster) {
    return hub.feedChanges().stream()
        .filter(c -> c.kind().equals(WorkKinds.MANIFEST_WORK.kind()))
        .filter(c -> c.namespace().equals(cluster) && c.name().equals(NAME))
        .map(HeldWorksTest::toWork)
        .toList();
  }

  private static ManifestWork toWork(EntityChange change) {
    return JSON.convertValue(change.object(), ManifestWork.class);
  }
}
