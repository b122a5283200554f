package io.fleetflow.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.activities.action.ActionAgentActivities;
import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.activities.addon.AddOnCredentialActivities;
import io.fleetflow.activities.addon.AddOnRegistrationActivities;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.TakeoverAgentActivities;
import io.fleetflow.activities.agent.TakeoverBatch;
import io.fleetflow.activities.hub.ActionSetActivities;
import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.activities.hub.ChangeFeedActivitiesImpl;
import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWorkResult;
import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.activities.hub.OwnerNoticeActivitiesImpl;
import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.hub.RegistrationActivitiesImpl;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.activities.hub.feed.FeedSignals;
import io.fleetflow.activities.hub.liveness.ClusterLivenessActivitiesImpl;
import io.fleetflow.activities.view.ViewAgentActivities;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.model.view.ManagedClusterView;
import io.fleetflow.model.view.ViewKinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.action.ManagedClusterActionSetWorkflowImpl;
import io.fleetflow.workflows.action.ManagedClusterActionState;
import io.fleetflow.workflows.action.ManagedClusterActionWorkflow;
import io.fleetflow.workflows.action.ManagedClusterActionWorkflowImpl;
import io.fleetflow.workflows.addon.AddOnDeploymentConfigWorkflowImpl;
import io.fleetflow.workflows.addon.AddOnTemplateWorkflowImpl;
import io.fleetflow.workflows.addon.ClusterManagementAddOnState;
import io.fleetflow.workflows.addon.ClusterManagementAddOnWorkflow;
import io.fleetflow.workflows.addon.ClusterManagementAddOnWorkflowImpl;
import io.fleetflow.workflows.addon.ManagedClusterAddOnState;
import io.fleetflow.workflows.addon.ManagedClusterAddOnWorkflow;
import io.fleetflow.workflows.addon.ManagedClusterAddOnWorkflowImpl;
import io.fleetflow.workflows.certificates.CertificateSigningRequestWorkflowImpl;
import io.fleetflow.workflows.cluster.ClusterLivenessWorkflowImpl;
import io.fleetflow.workflows.cluster.JoinRequest;
import io.fleetflow.workflows.cluster.JoinResponse;
import io.fleetflow.workflows.cluster.ManagedClusterState;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflowImpl;
import io.fleetflow.workflows.clusterset.ManagedClusterSetBindingWorkflow;
import io.fleetflow.workflows.clusterset.ManagedClusterSetBindingWorkflowImpl;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflow;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflowImpl;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.HubWorkerOptions;
import io.fleetflow.workflows.feed.ChangeFeedWorkflowImpl;
import io.fleetflow.workflows.placement.AddOnPlacementScoreWorkflow;
import io.fleetflow.workflows.placement.AddOnPlacementScoreWorkflowImpl;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.fleetflow.workflows.placement.PlacementState;
import io.fleetflow.workflows.placement.PlacementWorkflow;
import io.fleetflow.workflows.placement.PlacementWorkflowImpl;
import io.fleetflow.workflows.rbac.ClusterRoleBindingWorkflowImpl;
import io.fleetflow.workflows.rbac.ClusterRoleWorkflowImpl;
import io.fleetflow.workflows.rbac.RoleBindingWorkflowImpl;
import io.fleetflow.workflows.rbac.RoleWorkflowImpl;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetState;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetWorkflow;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetWorkflowImpl;
import io.fleetflow.workflows.takeover.ClusterTakeoverProfileWorkflow;
import io.fleetflow.workflows.takeover.ClusterTakeoverProfileWorkflowImpl;
import io.fleetflow.workflows.takeover.ClusterTakeoverWorkflowImpl;
import io.fleetflow.workflows.view.ManagedClusterViewState;
import io.fleetflow.workflows.view.ManagedClusterViewWorkflow;
import io.fleetflow.workflows.view.ManagedClusterViewWorkflowImpl;
import io.fleetflow.workflows.work.ManifestWorkState;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import io.fleetflow.workflows.work.ManifestWorkWorkflowImpl;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import io.temporal.workflow.Functions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The hub's workflows on Temporal's in-process test server with time skipping, with the search
 * attributes registered as the dev server registers them, and agents played by Mockito mocks.
 */
public final class HubTestEnvironment implements AutoCloseable {
  /**
   * The test server does not skip time while an activity waits for a worker, so scenarios with an
   * agent that never polls would wait out the real pickup timeouts; here they are seconds.
   */
  private static final WorkflowImplementationOptions QUICK_PICKUP =
      WorkflowImplementationOptions.newBuilder()
          .setActivityOptions(
              Map.of(
                  "ApplyManifests",
                  ActivityOptions.newBuilder()
                      .setScheduleToStartTimeout(Duration.ofSeconds(3))
                      .build(),
                  "DeleteResources",
                  ActivityOptions.newBuilder()
                      .setScheduleToStartTimeout(Duration.ofSeconds(3))
                      .build(),
                  "DescribeCluster",
                  ActivityOptions.newBuilder()
                      .setScheduleToStartTimeout(Duration.ofSeconds(3))
                      .build(),
                  "ApplyTakeoverProfile",
                  ActivityOptions.newBuilder()
                      .setScheduleToStartTimeout(Duration.ofSeconds(3))
                      .build(),
                  "InstallTakeoverResource",
                  ActivityOptions.newBuilder()
                      .setScheduleToStartTimeout(Duration.ofSeconds(3))
                      .build(),
                  "UninstallTakeoverResource",
                  ActivityOptions.newBuilder()
                      .setScheduleToStartTimeout(Duration.ofSeconds(3))
                      .build()))
          .build();

  private final TestWorkflowEnvironment env;
  private final InventoryActivities inventory =
      mock(InventoryActivities.class, withSettings().withoutAnnotations());
  private final GeneratedWorkActivities generatedWorks =
      mock(GeneratedWorkActivities.class, withSettings().withoutAnnotations());
  private final TakeoverActivities takeover =
      mock(TakeoverActivities.class, withSettings().withoutAnnotations());
  private final Map<String, TakeoverAgentActivities> takeoverAgents = new HashMap<>();
  private final Map<String, ViewAgentActivities> viewAgents = new HashMap<>();
  private final Map<String, ActionAgentActivities> actionAgents = new HashMap<>();

  private final PlacementActivities placements =
      mock(PlacementActivities.class, withSettings().withoutAnnotations());
  private final CertificateActivities certificates =
      mock(CertificateActivities.class, withSettings().withoutAnnotations());
  private final AddOnActivities addOns =
      mock(AddOnActivities.class, withSettings().withoutAnnotations());
  private final AddOnRegistrationActivities addOnRegistrations =
      mock(AddOnRegistrationActivities.class, withSettings().withoutAnnotations());
  private final Map<String, AddOnCredentialActivities> credentialAgents = new HashMap<>();

  public HubTestEnvironment() {
    this(RegistrationPolicy.DEFAULTS);
  }

  /** A hub configured with the given registration policy. */
  public HubTestEnvironment(RegistrationPolicy policy) {
    // A batch runs the mock's own single applies, as the hub's implementation does, so scenarios
    // stub and verify single works whichever way the workflow calls the hub; a single apply that
    // throws is the batch's refusal of that work.
    when(generatedWorks.applyAll(any()))
        .thenAnswer(
            call ->
                call.<List<GeneratedWork>>getArgument(0).stream()
                    .map(
                        work -> {
                          try {
                            return new GeneratedWorkResult(
                                work.cluster(), generatedWorks.apply(work), null);
                          } catch (RuntimeException refused) {
                            return new GeneratedWorkResult(
                                work.cluster(), null, refused.getMessage());
                          }
                        })
                    .toList());
    env = TestWorkflowEnvironment.newInstance();
    FleetflowSearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    env.newWorker(PlacementStandIn.TASK_QUEUE)
        .registerWorkflowImplementationTypes(PlacementStandIn.Impl.class);
    Worker hub =
        env.newWorker(
            EntityOperations.HUB_TASK_QUEUE,
            HubWorkerOptions.apply(WorkerOptions.newBuilder()).build());
    hub.registerWorkflowImplementationTypes(
        QUICK_PICKUP,
        ManagedClusterWorkflowImpl.class,
        ManifestWorkWorkflowImpl.class,
        ManagedClusterSetWorkflowImpl.class,
        ManagedClusterSetBindingWorkflowImpl.class,
        ClusterTakeoverWorkflowImpl.class,
        ClusterTakeoverProfileWorkflowImpl.class,
        PlacementWorkflowImpl.class,
        AddOnPlacementScoreWorkflowImpl.class,
        ManifestWorkReplicaSetWorkflowImpl.class,
        CertificateSigningRequestWorkflowImpl.class,
        ChangeFeedWorkflowImpl.class,
        ClusterLivenessWorkflowImpl.class,
        ManagedClusterViewWorkflowImpl.class,
        ManagedClusterActionWorkflowImpl.class,
        ManagedClusterActionSetWorkflowImpl.class,
        ClusterManagementAddOnWorkflowImpl.class,
        ManagedClusterAddOnWorkflowImpl.class,
        AddOnTemplateWorkflowImpl.class,
        AddOnDeploymentConfigWorkflowImpl.class,
        ClusterRoleWorkflowImpl.class,
        RoleWorkflowImpl.class,
        ClusterRoleBindingWorkflowImpl.class,
        RoleBindingWorkflowImpl.class);
    hub.registerActivitiesImplementations(
        new RegistrationActivitiesImpl(policy),
        inventory,
        takeover,
        placements,
        generatedWorks,
        certificates,
        new ActionSets(),
        addOns,
        addOnRegistrations,
        new ChangeFeedActivitiesImpl(env.getWorkflowClient(), EntityOperations.HUB_TASK_QUEUE),
        new OwnerNoticeActivitiesImpl(env.getWorkflowClient()),
        new ClusterLivenessActivitiesImpl(
            env.getWorkflowClient(),
            EntityOperations.HUB_TASK_QUEUE,
            this::lastPoll,
            env::currentTimeMillis));
  }

  /**
   * The agents' polls as the liveness sweep reads them: every agent polls (at the test server's
   * time) until {@link #agentStopsPolling} says otherwise.
   */
  private final Map<String, Long> stoppedPolling = new ConcurrentHashMap<>();

  private final Set<String> forgottenPolls = ConcurrentHashMap.newKeySet();

  private OptionalLong lastPoll(String cluster) {
    if (forgottenPolls.contains(cluster)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(stoppedPolling.getOrDefault(cluster, env.currentTimeMillis()));
  }

  /**
   * Temporal restarts and forgets the named cluster's pollers, as the server keeps them in memory;
   * it learns of them again at the agent's next poll ({@link #agentPollsAgain}).
   */
  public void temporalForgetsThePollsOf(String clusterName) {
    forgottenPolls.add(clusterName);
  }

  /** The named cluster's agent stops polling its task queue now (it is killed, or cut off). */
  public void agentStopsPolling(String clusterName) {
    stoppedPolling.put(clusterName, env.currentTimeMillis());
  }

  /**
   * Starts a {@link PlacementStandIn} under the placement's workflow ID, so that what follows the
   * placement can subscribe to it; call after {@link #start()}.
   */
  public void placementStandIn(String namespace, String name) {
    WorkflowClient.start(
        env.getWorkflowClient()
                .newWorkflowStub(
                    PlacementStandIn.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(PlacementSignals.workflowId(namespace, name))
                        .setTaskQueue(PlacementStandIn.TASK_QUEUE)
                        .build())
            ::run);
  }

  /** The named cluster's agent polls its task queue again. */
  public void agentPollsAgain(String clusterName) {
    stoppedPolling.remove(clusterName);
    forgottenPolls.remove(clusterName);
  }

  /** Returns a mock agent that serves the named cluster's task queue once {@link #start()}ed. */
  public AgentActivities agentFor(String clusterName) {
    AgentActivities agent = mock(AgentActivities.class, withSettings().withoutAnnotations());
    TakeoverAgentActivities takeoverAgent =
        mock(TakeoverAgentActivities.class, withSettings().withoutAnnotations());
    // A batch runs the mock's own per-resource steps, as the agent's implementation does, so
    // scenarios stub and verify single resources whichever way the workflow calls the agent.
    when(takeoverAgent.applyProfile(any()))
        .thenAnswer(
            call ->
                call.<TakeoverBatch>getArgument(0)
                    .apply(takeoverAgent::install, takeoverAgent::uninstall, key -> {}));
    takeoverAgents.put(clusterName, takeoverAgent);
    ViewAgentActivities viewAgent =
        mock(ViewAgentActivities.class, withSettings().withoutAnnotations());
    viewAgents.put(clusterName, viewAgent);
    ActionAgentActivities actionAgent =
        mock(ActionAgentActivities.class, withSettings().withoutAnnotations());
    actionAgents.put(clusterName, actionAgent);
    AddOnCredentialActivities credentialAgent =
        mock(AddOnCredentialActivities.class, withSettings().withoutAnnotations());
    credentialAgents.put(clusterName, credentialAgent);
    env.newWorker(AgentActivities.taskQueue(clusterName))
        .registerActivitiesImplementations(
            agent, takeoverAgent, viewAgent, actionAgent, credentialAgent);
    return agent;
  }

  /** The add-on credential side of the mock agent that {@link #agentFor} made for the cluster. */
  public AddOnCredentialActivities credentialAgentOf(String clusterName) {
    return credentialAgents.get(clusterName);
  }

  /** The hub's add-on registration activities (a mock). */
  public AddOnRegistrationActivities addOnRegistrations() {
    return addOnRegistrations;
  }

  /** The view side of the mock agent that {@link #agentFor} made for the cluster. */
  public ViewAgentActivities viewAgentOf(String clusterName) {
    return viewAgents.get(clusterName);
  }

  /** The hub's action-set activities, creating each action as the gateway would. */
  private final class ActionSets implements ActionSetActivities {
    @Override
    public boolean start(SetAction action) {
      createAction(action.toAction(), action.actor());
      return true;
    }
  }

  /** The action side of the mock agent that {@link #agentFor} made for the cluster. */
  public ActionAgentActivities actionAgentOf(String clusterName) {
    return actionAgents.get(clusterName);
  }

  /** A user's create of a ManagedClusterAction, as the gateway sends it. */
  public ManagedClusterActionWorkflow createAction(ManagedClusterAction action, Actor actor) {
    return createEntity(
        ManagedClusterActionWorkflow.class,
        ActionKinds.MANAGED_CLUSTER_ACTION,
        action,
        actor,
        w -> w::create,
        w -> w::run,
        (ManagedClusterActionState) null);
  }

  /** An add-on agent's create of an AddOnPlacementScore, as the gateway sends it. */
  public AddOnPlacementScoreWorkflow createScore(AddOnPlacementScore score, Actor actor) {
    return createEntity(
        AddOnPlacementScoreWorkflow.class,
        PlacementKinds.ADD_ON_PLACEMENT_SCORE,
        score,
        actor,
        w -> w::create,
        w -> w::run,
        (AddOnPlacementScore) null);
  }

  /** A user's create of a ManagedClusterView, as the gateway sends it. */
  public ManagedClusterViewWorkflow createView(ManagedClusterView view, Actor actor) {
    return createEntity(
        ManagedClusterViewWorkflow.class,
        ViewKinds.MANAGED_CLUSTER_VIEW,
        view,
        actor,
        w -> w::create,
        w -> w::run,
        (ManagedClusterViewState) null);
  }

  /** A user's create of a ManagedClusterAddOn, as the gateway sends it. */
  public ManagedClusterAddOnWorkflow createAddOn(ManagedClusterAddOn addOn, Actor actor) {
    return createEntity(
        ManagedClusterAddOnWorkflow.class,
        AddOnKinds.MANAGED_CLUSTER_ADD_ON,
        addOn,
        actor,
        w -> w::create,
        w -> w::run,
        (ManagedClusterAddOnState) null);
  }

  /** A user's create of a ClusterManagementAddOn, as the gateway sends it. */
  public ClusterManagementAddOnWorkflow createClusterAddOn(
      ClusterManagementAddOn addOn, Actor actor) {
    return createEntity(
        ClusterManagementAddOnWorkflow.class,
        AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON,
        addOn,
        actor,
        w -> w::create,
        w -> w::run,
        (ClusterManagementAddOnState) null);
  }

  /** Creates an object as the gateway does: an update-with-start of the object's workflow. */
  private <W, T extends HasMetadata, S> W createEntity(
      Class<W> type,
      ResourceKind<T> kind,
      T object,
      Actor actor,
      Function<W, Functions.Func2<T, Actor, T>> create,
      Function<W, Functions.Proc1<S>> run,
      S carried) {
    W workflow =
        client()
            .newWorkflowStub(
                type,
                EntityWorkflowOptions.forObject(
                    kind, object.getMetadata().getNamespace(), object.getMetadata().getName()));
    WorkflowClient.executeUpdateWithStart(
        create.apply(workflow),
        object,
        actor,
        UpdateOptions.<T>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(run.apply(workflow), carried));
    return workflow;
  }

  /** The hub's add-on activities, a mock the scenario tells what each add-on renders to. */
  public AddOnActivities addOns() {
    return addOns;
  }

  /** The takeover side of the mock agent that {@link #agentFor} made for the cluster. */
  public TakeoverAgentActivities takeoverAgentOf(String clusterName) {
    return takeoverAgents.get(clusterName);
  }

  /** The hub's takeover activities, a mock the scenario tells the profile and ManifestWorks. */
  public TakeoverActivities takeover() {
    return takeover;
  }

  /** The hub's inventory, a mock the scenario tells what clusters and sets exist. */
  public InventoryActivities inventory() {
    return inventory;
  }

  /** The hub's access to generated ManifestWorks, a mock the rollout scenarios script. */
  public GeneratedWorkActivities generatedWorks() {
    return generatedWorks;
  }

  /** What placements read of the fleet and whom they are told about changes; a mock. */
  public PlacementActivities placements() {
    return placements;
  }

  /** The hub's signer and its record of decisions on clusters; a mock. */
  public CertificateActivities certificates() {
    return certificates;
  }

  /** An operator's create of a Placement, as the gateway sends it. */
  public PlacementWorkflow createPlacement(Placement placement, Actor actor) {
    PlacementWorkflow workflow =
        client()
            .newWorkflowStub(
                PlacementWorkflow.class,
                EntityWorkflowOptions.forObject(
                    PlacementKinds.PLACEMENT,
                    placement.getMetadata().getNamespace(),
                    placement.getMetadata().getName()));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        placement,
        actor,
        UpdateOptions.<Placement>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (PlacementState) null));
    return workflow;
  }

  /** An operator's create of a ManagedClusterSet, as the gateway sends it. */
  public ManagedClusterSetWorkflow createClusterSet(ManagedClusterSet set, Actor actor) {
    ManagedClusterSetWorkflow workflow =
        client()
            .newWorkflowStub(
                ManagedClusterSetWorkflow.class,
                EntityWorkflowOptions.forObject(
                    ClusterSetKinds.MANAGED_CLUSTER_SET, null, set.getMetadata().getName()));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        set,
        actor,
        UpdateOptions.<ManagedClusterSet>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (ManagedClusterSet) null));
    return workflow;
  }

  /** A user's create of a ManagedClusterSetBinding, as the gateway sends it. */
  public ManagedClusterSetBindingWorkflow createBinding(
      ManagedClusterSetBinding binding, Actor actor) {
    return createEntity(
        ManagedClusterSetBindingWorkflow.class,
        ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING,
        binding,
        actor,
        w -> w::create,
        w -> w::run,
        (ManagedClusterSetBinding) null);
  }

  /** A user's create of a ClusterTakeoverProfile, as the gateway sends it. */
  public ClusterTakeoverProfileWorkflow createTakeoverProfile(
      ClusterTakeoverProfile profile, Actor actor) {
    return createEntity(
        ClusterTakeoverProfileWorkflow.class,
        TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE,
        profile,
        actor,
        w -> w::create,
        w -> w::run,
        (ClusterTakeoverProfile) null);
  }

  /** An agent's join: update-with-start of the cluster's workflow, as the agent sends it. */
  public JoinResponse join(JoinRequest request) {
    ManagedClusterWorkflow workflow =
        client()
            .newWorkflowStub(
                ManagedClusterWorkflow.class,
                EntityWorkflowOptions.forObject(
                    ClusterKinds.MANAGED_CLUSTER, null, request.clusterName()));
    return WorkflowClient.executeUpdateWithStart(
        workflow::join,
        request,
        UpdateOptions.<JoinResponse>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (ManagedClusterState) null));
  }

  /** The workflow of the named cluster. */
  public ManagedClusterWorkflow cluster(String name) {
    return client()
        .newWorkflowStub(
            ManagedClusterWorkflow.class, ClusterKinds.MANAGED_CLUSTER.workflowId(null, name));
  }

  /** An operator's create of a ManifestWork, as the gateway sends it. */
  public ManifestWork createWork(ManifestWork work, Actor actor) {
    ManifestWorkWorkflow workflow =
        client()
            .newWorkflowStub(
                ManifestWorkWorkflow.class,
                EntityWorkflowOptions.forObject(
                    WorkKinds.MANIFEST_WORK,
                    work.getMetadata().getNamespace(),
                    work.getMetadata().getName()));
    return WorkflowClient.executeUpdateWithStart(
        workflow::create,
        work,
        actor,
        UpdateOptions.<ManifestWork>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (ManifestWorkState) null));
  }

  /** An operator's create of a ManifestWorkReplicaSet, as the gateway sends it. */
  public ManifestWorkReplicaSetWorkflow createReplicaSet(ManifestWorkReplicaSet set, Actor actor) {
    ManifestWorkReplicaSetWorkflow workflow =
        client()
            .newWorkflowStub(
                ManifestWorkReplicaSetWorkflow.class,
                EntityWorkflowOptions.forObject(
                    RolloutKinds.MANIFEST_WORK_REPLICA_SET,
                    set.getMetadata().getNamespace(),
                    set.getMetadata().getName()));
    WorkflowClient.executeUpdateWithStart(
        workflow::create,
        set,
        actor,
        UpdateOptions.<ManifestWorkReplicaSet>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, (ManifestWorkReplicaSetState) null));
    return workflow;
  }

  /**
   * Signals a replica set the decisions of its placement {@code web}, in one decision group, as the
   * Placement workflow would.
   */
  public void decide(String namespace, String replicaSet, String... clusters) {
    client()
        .newUntypedWorkflowStub(
            RolloutKinds.MANIFEST_WORK_REPLICA_SET.workflowId(namespace, replicaSet))
        .signal(
            PlacementSignals.DECISIONS_CHANGED,
            new PlacementDecisions(
                namespace,
                "web",
                1,
                true,
                List.of(new PlacementDecisions.DecisionGroup(0, "", List.of(clusters)))));
  }

  /** The workflow of the named ManifestWork. */
  public ManifestWorkWorkflow work(String cluster, String name) {
    return client()
        .newWorkflowStub(
            ManifestWorkWorkflow.class, WorkKinds.MANIFEST_WORK.workflowId(cluster, name));
  }

  public void start() {
    env.start();
  }

  /** Every change the entities published to the change feed so far, oldest first. */
  public List<EntityChange> feedChanges() {
    var history = client().fetchHistory(ChangeFeed.WORKFLOW_ID).getHistory();
    return history.getEventsList().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .flatMap(
            e ->
                FeedSignals.changes(
                    e.getWorkflowExecutionSignaledEventAttributes(),
                    DefaultDataConverter.STANDARD_INSTANCE)
                    .stream())
        .toList();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  public TestWorkflowEnvironment env() {
    return env;
  }

  @Override
  public void close() {
    env.close();
  }
}
