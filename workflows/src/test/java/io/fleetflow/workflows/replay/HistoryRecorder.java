package io.fleetflow.workflows.replay;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.activities.agent.TakeoverAgentActivities;
import io.fleetflow.activities.hub.AutoApprovalRule;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.activities.hub.PlacementActivities.FleetView;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.activities.hub.TakeoverActivities.WorkRef;
import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.SelectivelyOrphan;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.certificates.ClusterRequests;
import io.fleetflow.workflows.cluster.JoinRequest;
import io.fleetflow.workflows.cluster.LeaseRenewal;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.fleetflow.workflows.placement.PlacementWorkflow;
import io.fleetflow.workflows.rollout.HeldWorks;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetWorkflow;
import io.fleetflow.workflows.rollout.RolloutCommand;
import io.fleetflow.workflows.rollout.WorkRelease;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import io.fleetflow.workflows.work.RecordingOwner;
import io.fleetflow.workflows.work.WorkOwners;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories that {@link ReplayTest} replays. Each file guards the workflow version it
 * was recorded with, so a recorded file is never re-recorded: a change adds a scenario that records
 * its new version (for example {@code -Dtest=HistoryRecorder#recordAJoinRequestThatExpires
 * -Dfleetflow.recordHistories=true}), and every older file must keep replaying, with {@code
 * Workflow.getVersion} where the code changed. The one exception is a retired generation (a version
 * whose minimum was raised): its files move to {@code histories/retired/}, where {@link ReplayTest}
 * checks that they fail loudly, and the scenario that made them records them again.
 */
@EnabledIfSystemProperty(named = "fleetflow.recordHistories", matches = "true")
class HistoryRecorder {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  @Test
  void recordAClusterThatJoinsIsAcceptedRenewsAndGoesSilent() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManagedClusterWorkflow workflow = acceptedCluster(hub);
      hub.env().sleep(Duration.ofSeconds(30));
      workflow.renewLease(new LeaseRenewal("sha256:one", true, null));
      hub.env().sleep(Duration.ofMinutes(4));
      workflow.renewLease(new LeaseRenewal("sha256:one", true, null));
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-join-accept-lease-delete.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAClusterFoundAliveByItsPollsLostFoundAgainThenOnAShortLease() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManagedClusterWorkflow workflow = acceptedCluster(hub);
      hub.env().sleep(Duration.ofMinutes(1));
      hub.agentStopsPolling("cluster1");
      hub.env().sleep(Duration.ofSeconds(210));
      hub.agentPollsAgain("cluster1");
      hub.env().sleep(Duration.ofSeconds(31));
      workflow.renewLease(new LeaseRenewal("sha256:one", false, "/livez failed: refused"));
      hub.env().sleep(Duration.ofSeconds(1));
      setLease(workflow, 20);
      hub.env().sleep(Duration.ofSeconds(30));
      workflow.renewLease(new LeaseRenewal("sha256:one", true, null));
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-liveness-by-polls.json", hub, "ManagedCluster/cluster1");
      write("cluster-liveness-sweep.json", hub, "cluster-liveness");
    }
  }

  @Test
  void recordAClusterPublishingItsAgentsStandingThroughLeaseChangesAndADenial() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManagedClusterWorkflow workflow = acceptedCluster(hub);
      hub.env().sleep(Duration.ofMinutes(1));
      setLease(workflow, 20);
      hub.env().sleep(Duration.ofSeconds(20));
      workflow.renewLease(new LeaseRenewal("sha256:one", true, null));
      hub.env().sleep(Duration.ofSeconds(1));
      decide(workflow, false);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-agent-standing-memo.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAnAutoApprovedClusterThatLosesItsLeaseIsDeniedAndDeleted() throws IOException {
    try (HubTestEnvironment hub = autoApprovingHub()) {
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      hub.env().sleep(Duration.ofSeconds(5));
      workflow.renewLease(
          new LeaseRenewal("sha256:one", true, null, hub.env().currentTimeMillis()));
      hub.env().sleep(Duration.ofMinutes(4));
      workflow.renewLease(
          new LeaseRenewal("sha256:one", false, "down", hub.env().currentTimeMillis()));
      hub.env().sleep(Duration.ofSeconds(1));
      decide(workflow, false);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write(
          "managedcluster-onboarding-auto-approval-lease-deny-delete.json",
          hub,
          "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAClusterAcceptedByARuleWhileItsCertificateRequestIsStored() throws IOException {
    RegistrationPolicy policy =
        new RegistrationPolicy(
            3600, 3, List.of(new AutoApprovalRule("edge", List.of(), Map.of("id.k8s.io", "*"))));
    try (HubTestEnvironment hub = new HubTestEnvironment(policy)) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      when(hub.certificates().submit(any()))
          .thenAnswer(
              stored -> {
                Thread.sleep(1_500);
                return "cluster1-request";
              });
      hub.start();
      String csr = ClusterRequests.agentRequest("cluster1");
      hub.join(
          new JoinRequest(
              "cluster1",
              ClusterCsr.parse(csr, "cluster1").fingerprint(),
              Fixtures.clusterInfo("cluster1"),
              List.of(),
              csr,
              null));
      hub.env().sleep(Duration.ofSeconds(2));
      ManagedClusterWorkflow workflow = hub.cluster("cluster1");
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-csr-accepted-while-storing.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAClusterWhoseNameAnotherAgentTriesToTake() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      when(hub.agentFor("cluster1").describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      hub.start();
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      hub.env().sleep(Duration.ofSeconds(1));
      try {
        hub.join(Fixtures.join("cluster1", "sha256:two"));
      } catch (io.temporal.client.WorkflowUpdateException refused) {
        // The name is taken: the attempt is recorded on the cluster and published.
      }
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-follow-changes-name-conflict.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAJoinRequestThatExpires() throws IOException {
    try (HubTestEnvironment hub =
        new HubTestEnvironment(new RegistrationPolicy(3600, 3, List.of()))) {
      hub.agentFor("cluster1");
      hub.start();
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      hub.env().sleep(Duration.ofMinutes(61));
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-onboarding-expiry.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordAGatedRolloutApprovedChangedAbortedWithRollbackAndDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManifestWorkReplicaSetWorkflow rollout =
          startProgressiveRollout(hub, 1, new ApprovalGates(true, true, "1h", null));
      WorkflowStub stub = WorkflowStub.fromTyped(rollout);
      decide(stub, "c1", "c2");
      hub.env().sleep(Duration.ofSeconds(2));
      rollout.approve(new RolloutCommand("first", null, null), ADMIN);
      hub.env().sleep(Duration.ofSeconds(2));
      rollout.approve(new RolloutCommand("second", null, null), ADMIN);
      hub.env().sleep(Duration.ofSeconds(2));
      changeTheTemplate(rollout);
      hub.env().sleep(Duration.ofSeconds(2));
      rollout.approve(new RolloutCommand("third", null, null), ADMIN);
      hub.env().sleep(Duration.ofSeconds(2));
      rollout.abort(new RolloutCommand("stop", true, null), ADMIN);
      hub.env().sleep(Duration.ofSeconds(2));
      rollout.delete(ADMIN);
      stub.getResult(Void.class);
      write(
          "manifestworkreplicaset-gates-change-abort-rollback-delete.json",
          hub,
          "ManifestWorkReplicaSet/apps/hello");
    }
  }

  @Test
  void recordARolloutThatLaunchesItsStagesInBatchesChangesAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManifestWorkReplicaSetWorkflow rollout = startProgressiveRollout(hub, 2, null);
      WorkflowStub stub = WorkflowStub.fromTyped(rollout);
      decide(stub, "c1", "c2", "c3");
      hub.env().sleep(Duration.ofSeconds(5));
      changeTheTemplate(rollout);
      hub.env().sleep(Duration.ofSeconds(5));
      rollout.delete(ADMIN);
      stub.getResult(Void.class);
      write(
          "manifestworkreplicaset-batched-launch-change-delete.json",
          hub,
          "ManifestWorkReplicaSet/apps/hello");
    }
  }

  @Test
  void recordARolloutThatSucceedsSleepsUntilAClusterJoinsAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManifestWorkReplicaSetWorkflow rollout = startProgressiveRollout(hub, 2, null);
      // The placement appears after the replica set, which subscribes at its next resync.
      hub.placementStandIn("apps", "web");
      WorkflowStub stub = WorkflowStub.fromTyped(rollout);
      decide(stub, "c1", "c2");
      hub.env().sleep(Duration.ofMinutes(10));
      decide(stub, "c1", "c2", "c3");
      hub.env().sleep(Duration.ofMinutes(10));
      rollout.delete(ADMIN);
      stub.getResult(Void.class);
      write("manifestworkreplicaset-idle-when-done.json", hub, "ManifestWorkReplicaSet/apps/hello");
    }
  }

  @Test
  void recordARolloutThatHoldsItsWorksCorrectsDriftChangesReleasesAClusterAndIsDeleted()
      throws IOException {
    recordHeldWorks("manifestworkreplicaset-held-works.json");
  }

  /** The same scenario since the resources a revision drops are deleted on all clusters at once. */
  @Test
  void recordAHeldWorksRolloutThatDeletesDroppedResourcesOnAllClustersAtOnce() throws IOException {
    recordHeldWorks("manifestworkreplicaset-held-works-leftovers-together.json");
  }

  private void recordHeldWorks(String file) throws IOException {
    HeldWorks.enable(true);
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      for (String cluster : List.of("c1", "c2", "c3")) {
        AgentActivities agent = hub.agentFor(cluster);
        when(agent.applyManifests(any()))
            .thenAnswer(call -> Fixtures.appliedAll(call.getArgument(0)));
      }
      ManifestWorkReplicaSetWorkflow rollout = startProgressiveRollout(hub, 2, null);
      WorkflowStub stub = WorkflowStub.fromTyped(rollout);
      decide(stub, "c1", "c2", "c3");
      hub.env().sleep(Duration.ofSeconds(5));
      rollout.clusterChanged(
          new ClusterChange(
              "resources changed on the cluster",
              List.of(new ClusterChange.Resource("ConfigMap", "default", "hello", "Deleted")),
              "c1"));
      hub.env().sleep(Duration.ofSeconds(5));
      changeTheTemplate(rollout);
      hub.env().sleep(Duration.ofSeconds(5));
      rollout.releaseWork(new WorkRelease("c2", "the VM was deleted (admin)"));
      hub.env().sleep(Duration.ofSeconds(5));
      rollout.delete(ADMIN);
      stub.getResult(Void.class);
      write(file, hub, "ManifestWorkReplicaSet/apps/hello");
    } finally {
      HeldWorks.enable(false);
    }
  }

  /** The placement's decisions for the replica set, as the Placement workflow signals them. */
  private static void decide(WorkflowStub rollout, String... clusters) {
    rollout.signal(
        PlacementSignals.DECISIONS_CHANGED,
        new PlacementDecisions(
            "apps",
            "web",
            1,
            true,
            List.of(new PlacementDecisions.DecisionGroup(0, "", List.of(clusters)))));
  }

  /** A new revision of the replica set's template: its last ConfigMap is renamed. */
  private static void changeTheTemplate(ManifestWorkReplicaSetWorkflow rollout) {
    ManifestWorkReplicaSet changed = rollout.get();
    changed.getMetadata().setResourceVersion(null);
    changed
        .getSpec()
        .getManifestWorkTemplate()
        .getWorkload()
        .manifests()
        .getLast()
        .getMetadata()
        .setName("farewell");
    rollout.apply(changed, ADMIN);
  }

  /**
   * Starts the hub with generated works that apply every revision healthy, and creates a
   * progressive replica set of at most {@code maxConcurrency} clusters a stage.
   */
  private static ManifestWorkReplicaSetWorkflow startProgressiveRollout(
      HubTestEnvironment hub, int maxConcurrency, ApprovalGates gates) {
    when(hub.generatedWorks().apply(any()))
        .thenAnswer(
            call -> {
              GeneratedWork work = call.getArgument(0);
              return new AppliedWork(
                  work.revision(), Fixtures.workConditions(true, work.revision()), true);
            });
    when(hub.generatedWorks().delete(any(), any(), any())).thenReturn(true);
    hub.start();
    return hub.createReplicaSet(
        Fixtures.replicaSet(
            new RolloutStrategy(
                RolloutStrategy.PROGRESSIVE,
                null,
                new RolloutStrategy.RolloutProgressive(
                    null, new IntOrString(maxConcurrency), null, null, null),
                null),
            gates,
            false),
        ADMIN);
  }

  @Test
  void recordAClusterTakenOverDeniedReleasedThenDeletedWithAForcedRelease() throws Exception {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      takeoverProfile(hub, TWO_RESOURCES);
      // The deny's release finds no ManifestWorks; the deletion's finds one that cannot clean up
      // until the forced release tells it to orphan its resources.
      AtomicBoolean deleted = new AtomicBoolean();
      AtomicBoolean orphaned = new AtomicBoolean();
      when(hub.takeover().manifestWorks("cluster1"))
          .thenAnswer(
              call ->
                  deleted.get() && !orphaned.get()
                      ? List.of(new WorkRef("web", -1, true))
                      : List.of());
      doAnswer(
              call -> {
                orphaned.set(true);
                return null;
              })
          .when(hub.takeover())
          .orphanManifestWork(any(), any(), any(), any());
      hub.start();
      ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
      decide(workflow, true);
      hub.env().sleep(Duration.ofSeconds(10));
      write("clustertakeover-install.json", hub, "ManagedCluster/cluster1/takeover");

      decide(workflow, false);
      hub.env().sleep(Duration.ofSeconds(10));
      write("clustertakeover-release.json", hub, "ManagedCluster/cluster1/release");

      deleted.set(true);
      workflow.delete(ADMIN);
      hub.env().sleep(Duration.ofSeconds(10));
      ManagedCluster force = workflow.get();
      force.getMetadata().setResourceVersion(null);
      force.getMetadata().setAnnotations(Map.of(Takeover.FORCE_RELEASE_ANNOTATION, "VM gone"));
      workflow.apply(force, ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write(
          "clustertakeover-forced-release-orphans-works.json",
          hub,
          "ManagedCluster/cluster1/release");
      write("managedcluster-takeover-deny-release-delete.json", hub, "ManagedCluster/cluster1");
    }
  }

  /** A Namespace and a ClusterRole, the takeover profile of the recorded takeovers. */
  static final String[] TWO_RESOURCES = {
    "{apiVersion: v1, kind: Namespace, metadata: {name: agent}}",
    "{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: agent}}"
  };

  /**
   * Has cluster1's agent install whatever it is given and the hub read a takeover profile (of
   * generation 1) of the given resources, each in YAML's flow style.
   */
  static void takeoverProfile(HubTestEnvironment hub, String... resources) throws IOException {
    installsWhateverItIsGiven(hub.takeoverAgentOf("cluster1"));
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: fleetflow.io/v1alpha1
            kind: ClusterTakeoverProfile
            metadata: {name: default, generation: 1}
            spec:
              resources:
            """);
    for (String resource : resources) {
      yaml.append("    - ").append(resource).append('\n');
    }
    when(hub.takeover().profile(ClusterTakeoverProfile.DEFAULT))
        .thenReturn(new YAMLMapper().readValue(yaml.toString(), ClusterTakeoverProfile.class));
  }

  /** Has a mock agent install every takeover resource it is given. */
  private static void installsWhateverItIsGiven(TakeoverAgentActivities takeoverAgent) {
    when(takeoverAgent.install(any()))
        .thenAnswer(
            call ->
                new ResourceResult(
                    null,
                    "uid",
                    true,
                    true,
                    "Installed",
                    call.getArgument(0, GenericKubernetesResource.class).getKind()));
  }

  /** Starts a hub with cluster1's agent and a rule that accepts it (identity sha256:one). */
  static HubTestEnvironment autoApprovingHub() {
    RegistrationPolicy policy =
        new RegistrationPolicy(
            3600, 3, List.of(new AutoApprovalRule("all-ones", List.of("sha256:one"), Map.of())));
    HubTestEnvironment hub = new HubTestEnvironment(policy);
    AgentActivities agent = hub.agentFor("cluster1");
    when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
    hub.start();
    return hub;
  }

  /** Starts the hub with cluster1's agent, and joins and accepts cluster1. */
  static ManagedClusterWorkflow acceptedCluster(HubTestEnvironment hub) {
    AgentActivities agent = hub.agentFor("cluster1");
    when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
    hub.start();
    ManagedClusterWorkflow workflow = startCluster(hub, "cluster1", "sha256:one");
    decide(workflow, true);
    return workflow;
  }

  /** Sets the cluster's lease period as an operator's patch does. */
  static void setLease(ManagedClusterWorkflow workflow, int seconds) {
    ManagedCluster changed = workflow.get();
    changed.getMetadata().setResourceVersion(null);
    changed.getSpec().setLeaseDurationSeconds(seconds);
    workflow.apply(changed, ADMIN);
  }

  /** Accepts or denies the cluster as an approver's patch does. */
  static void decide(ManagedClusterWorkflow workflow, boolean accept) {
    ManagedCluster decided = workflow.get();
    decided.getSpec().setHubAcceptsClient(accept);
    // As a patch does: the cluster's own loop may have moved the version since the read.
    decided.getMetadata().setResourceVersion(null);
    workflow.apply(decided, ADMIN);
  }

  static ManagedClusterWorkflow startCluster(HubTestEnvironment hub, String name, String identity) {
    hub.join(Fixtures.join(name, identity));
    return hub.cluster(name);
  }

  @Test
  void recordAWorkThatIsAppliedChangedAndDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.applyManifests(any()))
          .thenAnswer(call -> Fixtures.appliedAll(call.getArgument(0)));
      hub.start();
      hub.createWork(Fixtures.helloWork("cluster1"), ADMIN);
      ManifestWorkWorkflow workflow = hub.work("cluster1", "hello");
      ManifestWork changed = workflow.get();
      changed.getSpec().getWorkload().manifests().remove(1);
      workflow.apply(changed, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("manifestwork-apply-change-delete.json", hub, "ManifestWork/cluster1/hello");
    }
  }

  @Test
  void recordAWorkOfAReplicaSetThatDriftsAndIsDeletedOrphaningSome() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.applyManifests(any()))
          .thenAnswer(call -> Fixtures.appliedAll(call.getArgument(0)));
      ManifestWork work = ownedWorkWithARunningOwner(hub);
      work.getSpec()
          .setDeleteOption(
              new DeleteOption(
                  DeleteOption.SELECTIVELY_ORPHAN,
                  new SelectivelyOrphan(
                      List.of(new ResourceIdentifier("", "namespaces", "hello", null))),
                  null));
      hub.createWork(work, ADMIN);
      ManifestWorkWorkflow workflow = hub.work("cluster1", "hello");
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.clusterChanged(
          new ClusterChange(
              "resources changed on the cluster",
              List.of(
                  new ClusterChange.Resource(
                      "ConfigMap", "hello", "greeting", ClusterChange.DELETED))));
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.clusterChanged(new ClusterChange("the agent of cluster1 started", List.of()));
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("manifestwork-drift-owner-selective-orphan.json", hub, "ManifestWork/cluster1/hello");
    }
  }

  @Test
  void recordAWorkThatTellsItsOwnerByLocalActivityAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.applyManifests(any()))
          .thenAnswer(call -> Fixtures.appliedAll(call.getArgument(0)));
      hub.createWork(ownedWorkWithARunningOwner(hub), ADMIN);
      ManifestWorkWorkflow workflow = hub.work("cluster1", "hello");
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("manifestwork-owner-notice-by-local-activity.json", hub, "ManifestWork/cluster1/hello");
    }
  }

  /**
   * Starts the hub with a replica set's stand-in ({@link RecordingOwner}) running and returns a
   * work labelled as that replica set's.
   */
  private static ManifestWork ownedWorkWithARunningOwner(HubTestEnvironment hub) {
    hub.env()
        .newWorker(RecordingOwner.TASK_QUEUE)
        .registerWorkflowImplementationTypes(RecordingOwner.Impl.class);
    hub.start();
    RecordingOwner owner =
        hub.client()
            .newWorkflowStub(
                RecordingOwner.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("ManifestWorkReplicaSet/default/web")
                    .setTaskQueue(RecordingOwner.TASK_QUEUE)
                    .build());
    WorkflowClient.start(owner::run);
    ManifestWork work = Fixtures.helloWork("cluster1");
    work.getMetadata().setLabels(Map.of(WorkOwners.REPLICA_SET_LABEL, "default.web"));
    return work;
  }

  @Test
  void recordAPlacementThatReschedulesLosesAClusterToATolerationAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.start();
      java.time.Instant now = java.time.Instant.ofEpochMilli(hub.env().currentTimeMillis());
      var global = new io.fleetflow.model.clusterset.ManagedClusterSet();
      global.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      global.getMetadata().setName("global");
      var spec = new io.fleetflow.model.clusterset.ManagedClusterSetSpec();
      spec.setClusterSelector(
          new io.fleetflow.model.clusterset.ManagedClusterSetSpec.ClusterSelector(
              io.fleetflow.model.clusterset.ManagedClusterSet.LABEL_SELECTOR,
              new io.fabric8.kubernetes.api.model.LabelSelector()));
      global.setSpec(spec);
      var c1 = new ClusterFacts("c1", Map.of("env", "prod"), Map.of(), List.of(), Map.of());
      var c2 =
          new ClusterFacts(
              "c2",
              Map.of("env", "prod"),
              Map.of(),
              List.of(
                  new io.fleetflow.model.cluster.ManagedClusterSpec.Taint(
                      "cluster.open-cluster-management.io/unreachable",
                      null,
                      "NoSelect",
                      now.toString())),
              Map.of());
      when(hub.placements().fleet(any(), any(), any(), any()))
          .thenReturn(new FleetView(List.of(c1), List.of(global), List.of(), Map.of()))
          .thenReturn(new FleetView(List.of(c1, c2), List.of(global), List.of(), Map.of()));
      var placement = new io.fleetflow.model.placement.Placement();
      placement.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      placement.getMetadata().setName("web");
      placement.getMetadata().setNamespace("apps");
      placement
          .getSpec()
          .setTolerations(
              List.of(
                  new io.fleetflow.model.placement.PlacementSpec.Toleration(
                      "cluster.open-cluster-management.io/unreachable",
                      "Exists",
                      null,
                      null,
                      120L)));
      PlacementWorkflow workflow = hub.createPlacement(placement, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.subscribe("ManifestWorkReplicaSet/apps/gone");
      workflow.fleetChanged("ManagedCluster c2 changed");
      hub.env().sleep(Duration.ofSeconds(150));
      var changed = workflow.get();
      changed.getSpec().setNumberOfClusters(1);
      workflow.apply(changed, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      // Recorded with local reads (version 1 of "read-inputs-locally"); the file without the
      // prefix holds the same scenario recorded by the code before, with the read an activity.
      write("placement-local-read-reschedule-toleration-delete.json", hub, "Placement/apps/web");
    }
  }

  /** An add-on's score that is re-checked while nothing changes, then changed and deleted. */
  @Test
  void recordAnAddOnScoreThatIsRecheckedChangedAndDeleted() throws IOException {
    recordAScore("addonplacementscore-recheck-change-delete.json");
  }

  /**
   * The same scenario since the score sleeps while idle (version 1 of "score-sleeps-when-idle").
   */
  @Test
  void recordAnAddOnScoreThatSleepsWhileIdleIsChangedAndDeleted() throws IOException {
    recordAScore("addonplacementscore-idle-change-delete.json");
  }

  private static void recordAScore(String file) throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.start();
      var score = new io.fleetflow.model.placement.AddOnPlacementScore();
      score.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      score.getMetadata().setName("usage");
      score.getMetadata().setNamespace("cluster1");
      score
          .getStatus()
          .getScores()
          .add(new io.fleetflow.model.placement.AddOnPlacementScore.Score("cpu", 40));
      var workflow = hub.createScore(score, ADMIN);
      hub.env().sleep(Duration.ofSeconds(45));
      var changed = workflow.get();
      changed
          .getStatus()
          .getScores()
          .set(0, new io.fleetflow.model.placement.AddOnPlacementScore.Score("cpu", 70));
      workflow.apply(changed, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write(file, hub, "AddOnPlacementScore/cluster1/usage");
    }
  }

  @Test
  void recordAClusterThatTellsPlacementsOfItsLabels() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManagedClusterWorkflow workflow = acceptedCluster(hub);
      hub.env().sleep(Duration.ofSeconds(5));
      ManagedCluster labelled = workflow.get();
      labelled.getMetadata().getLabels().put("env", "prod");
      labelled.getMetadata().setResourceVersion(null);
      workflow.apply(labelled, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      write("managedcluster-notifies-placements.json", hub, "ManagedCluster/cluster1");
    }
  }

  /**
   * A join request nobody decides on meets large writes until Temporal suggests a new run, which it
   * starts (version 1 of "continue-as-new-in-every-phase"). The first run's history is recorded,
   * compressed: its writes repeat one character.
   */
  @Test
  void recordAPendingClusterThatContinuesAsNewUnderLargeWrites() throws IOException {
    try (HubTestEnvironment hub =
        new HubTestEnvironment(new RegistrationPolicy(24 * 3600, 3, List.of()))) {
      hub.agentFor("cluster1");
      hub.start();
      startCluster(hub, "cluster1", "sha256:one");
      WorkflowStub stub = WorkflowStub.fromTyped(hub.cluster("cluster1"));
      String firstRun = stub.describe().getExecution().getRunId();
      for (int i = 0; stub.describe().getExecution().getRunId().equals(firstRun); i++) {
        ManagedCluster proposed = hub.cluster("cluster1").get();
        proposed.getMetadata().setResourceVersion(null);
        proposed
            .getMetadata()
            .setAnnotations(
                Map.of("example.com/note", Character.toString('a' + i % 26).repeat(200 * 1024)));
        hub.cluster("cluster1").apply(proposed, ADMIN);
      }
      Files.createDirectories(HISTORIES);
      try (Writer out =
          new OutputStreamWriter(
              new GZIPOutputStream(
                  Files.newOutputStream(
                      HISTORIES.resolve("managedcluster-pending-continues-as-new.json.gz"))),
              StandardCharsets.UTF_8)) {
        out.write(hub.client().fetchHistory("ManagedCluster/cluster1", firstRun).toJson(true));
      }
    }
  }

  static void write(String file, HubTestEnvironment hub, String workflowId) throws IOException {
    Files.createDirectories(HISTORIES);
    Files.writeString(HISTORIES.resolve(file), hub.client().fetchHistory(workflowId).toJson(true));
  }
}
