package io.fleetflow.workflows.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.rollout.RolloutPlanner.Progress;
import io.fleetflow.workflows.rollout.RolloutPlanner.RolloutPlan;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Implements {@link ManifestWorkReplicaSetWorkflow}. */
public class ManifestWorkReplicaSetWorkflowImpl
    extends ReconciledEntityWorkflow<ManifestWorkReplicaSet>
    implements ManifestWorkReplicaSetWorkflow {
  private static final String SYSTEM = RolloutEvents.SYSTEM;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManifestWorkReplicaSetState state;
  private final RolloutControls controls;
  private final RolloutDeployer deployer;
  private String rollbackRequestedBy;
  private String rollbackReason;
  private boolean breach;
  private String breachMessage;
  private boolean complete;
  private String currentStage;
  private Instant wakeAt;

  @WorkflowInit
  public ManifestWorkReplicaSetWorkflowImpl(ManifestWorkReplicaSetState carried) {
    super(
        Kinds.MANIFEST_WORK_REPLICA_SET,
        object -> object.setStatus(new ManifestWorkReplicaSetStatus()));
    this.state = carried != null ? carried : new ManifestWorkReplicaSetState();
    this.deployer = new RolloutDeployer(state);
    this.controls =
        new RolloutControls(
            state,
            new RolloutControls.Rollout() {
              @Override
              public String phase() {
                return ManifestWorkReplicaSetWorkflowImpl.this.phase();
              }

              @Override
              public boolean complete() {
                return complete;
              }

              @Override
              public void rollBack(String requestedBy, String reason) {
                rollbackRequestedBy = requestedBy;
                rollbackReason = reason;
              }
            });
  }

  @Override
  public void run(ManifestWorkReplicaSetState carried) {
    runLife(state);
  }

  // ------------------------------------------------------------------------------------------
  // Entity operations
  // ------------------------------------------------------------------------------------------

  @Override
  public ManifestWorkReplicaSet create(ManifestWorkReplicaSet set, Actor actor) {
    state.lastChangeBy = actor.user();
    return super.create(set, actor);
  }

  @Override
  public void validateApply(ManifestWorkReplicaSet set, Actor actor) {
    super.validateApply(set, actor);
    requireNotDeleting();
  }

  @Override
  public ManifestWorkReplicaSet apply(ManifestWorkReplicaSet set, Actor actor) {
    state.lastChangeBy = actor.user();
    return super.apply(set, actor);
  }

  @Override
  public RolloutHistory history() {
    return new RolloutHistory(
        RolloutStatusView.revisions(state),
        List.copyOf(state.approvals),
        List.copyOf(state.events));
  }

  @Override
  public List<ManifestWork> heldWorks() {
    return deployer.heldWorks();
  }

  // ------------------------------------------------------------------------------------------
  // Rollout controls
  // ------------------------------------------------------------------------------------------

  @Override
  public void validateApprove(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.APPROVE, command, actor);
  }

  @Override
  public ManifestWorkReplicaSet approve(RolloutCommand command, Actor actor) {
    controls.approve(command, actor, EntityClock.now());
    changed();
    return state.set;
  }

  @Override
  public void validatePause(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.PAUSE, command, actor);
  }

  @Override
  public ManifestWorkReplicaSet pause(RolloutCommand command, Actor actor) {
    controls.pause(command, actor, EntityClock.now());
    changed();
    return state.set;
  }

  @Override
  public void validateResume(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.RESUME, command, actor);
  }

  @Override
  public ManifestWorkReplicaSet resume(RolloutCommand command, Actor actor) {
    controls.resume(command, actor, EntityClock.now());
    changed();
    return state.set;
  }

  @Override
  public void validateAbort(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.ABORT, command, actor);
  }

  @Override
  public ManifestWorkReplicaSet abort(RolloutCommand command, Actor actor) {
    controls.abort(command, actor, EntityClock.now());
    changed();
    return state.set;
  }

  @Override
  public void validateUndo(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.UNDO, command, actor);
  }

  @Override
  public ManifestWorkReplicaSet undo(RolloutCommand command, Actor actor) {
    controls.undo(command, actor, EntityClock.now());
    changed();
    return state.set;
  }

  // ------------------------------------------------------------------------------------------
  // Signals
  // ------------------------------------------------------------------------------------------

  @Override
  public void placementDecisionsChanged(PlacementDecisions decisions) {
    state.decisions.put(decisions.name(), decisions);
    changed();
  }

  @Override
  public void manifestWorkStatusChanged(StatusReport report) {
    ClusterRollout cluster = state.clusters.get(report.cluster());
    if (cluster != null
        && (cluster.lastReport == null || report.generation() >= cluster.lastReport.generation())) {
      cluster.lastReport = report;
      changed();
    }
  }

  @Override
  public void releaseWork(WorkRelease release) {
    state.releases.put(release.cluster(), release);
    changed();
  }

  @Override
  public void clusterChanged(ClusterChange change) {
    if (deployer.changedOnCluster(change)) {
      changed();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Reconcile
  // ------------------------------------------------------------------------------------------

  @Override
  protected void reconcile(Instant now) {
    wakeAt = null;
    if (state.set.getMetadata().getDeletionTimestamp() != null) {
      deployer.unsubscribeAll();
      deployer.deleteAll();
      return;
    }
    startRevisionIfChanged(now);
    deployer.followPlacements(now);
    deployer.retryHeldWorks(now);
    judgeReports(now);
    // Clusters that succeed or fail as soon as they are applied change the plan at once, so the
    // rollout plans again until a plan starts nothing; every round starts only waiting clusters.
    while (state.outcome == null && advance(EntityClock.now())) {
      judgeReports(EntityClock.now());
    }
    if (rollbackRequestedBy != null) {
      String by = rollbackRequestedBy;
      rollbackRequestedBy = null;
      deployer.rollBack(by, rollbackReason);
    }
    // A held work whose apply or removal failed in this round is tried again when its retry is due.
    wake(deployer.nextHeldRetry());
    // Launching waits for the clusters' activities, which takes minutes for hundreds of clusters:
    // conditions that change now must carry the time they changed, not the round's start.
    render(EntityClock.now());
  }

  /** Starts a new revision when the template differs from the latest one. */
  private void startRevisionIfChanged(Instant now) {
    ManifestWorkSpec template = state.set.getSpec().getManifestWorkTemplate();
    TemplateRevision latest = state.revisions.isEmpty() ? null : state.revisions.getLast();
    if (latest != null
        && JSON.valueToTree(latest.template()).equals(JSON.valueToTree(template))
        && latest.revision() == state.revision) {
      return;
    }
    long revision = latest == null ? 1 : latest.revision() + 1;
    String cause =
        state.nextRevisionCause != null
            ? state.nextRevisionCause
            : latest == null ? "created" : "template changed";
    state.revisions.add(
        new TemplateRevision(
            revision,
            RolloutDeployer.copy(template),
            now.toEpochMilli(),
            state.lastChangeBy,
            cause));
    state.nextRevisionCause = null;
    state.revision = revision;
    state.approvedThrough.clear();
    state.gates.clear();
    state.outcome = null;
    state.outcomeMessage = null;
    rollbackRequestedBy = null;
    for (ClusterRollout c : state.clusters.values()) {
      c.moveTo(ClusterRolloutState.WAITING, now, "waiting for revision " + revision);
      c.startedSequence = 0;
    }
    RolloutEvents.record(
        state, now, "RevisionStarted", state.lastChangeBy, "revision " + revision + ": " + cause);
  }

  /** Moves clusters whose work reported on the current revision to what the report says. */
  private void judgeReports(Instant now) {
    for (ClusterRollout c : state.clusters.values()) {
      if (c.revision != state.revision
          || c.generation == 0
          || c.lastReport == null
          || c.lastReport.generation() < c.generation
          || c.state == ClusterRolloutState.WAITING
          || c.state == ClusterRolloutState.ROLLED_BACK) {
        continue;
      }
      Optional<WorkHealth.Verdict> verdict =
          WorkHealth.judge(c.lastReport.conditions(), c.generation);
      if (verdict.isEmpty()) {
        continue;
      }
      ClusterRolloutState next = verdict.get().state();
      if (c.state == ClusterRolloutState.TIMED_OUT && next != ClusterRolloutState.SUCCEEDED) {
        continue;
      }
      if (next != c.state) {
        c.moveTo(next, now, verdict.get().message());
      }
    }
  }

  /**
   * Plans every placement, opens and expires gates, and starts the clusters the plan allows.
   *
   * @return true when it started clusters
   */
  private boolean advance(Instant now) {
    breach = false;
    breachMessage = null;
    complete = !state.clusters.isEmpty();
    currentStage = null;
    Map<String, String> launches = new LinkedHashMap<>();
    for (LocalPlacementReference ref : state.set.getSpec().getPlacementRefs()) {
      PlacementDecisions decisions = state.decisions.get(ref.name());
      if (decisions == null) {
        complete = false;
        continue;
      }
      List<PlacementDecisions.DecisionGroup> groups = RolloutStatusView.groupsOf(state, ref);
      Map<String, Progress> progress = new HashMap<>();
      state.clusters.forEach(
          (cluster, c) -> {
            if (ref.name().equals(c.placement)) {
              progress.put(cluster, new Progress(c.state, Instant.ofEpochMilli(c.sinceMillis)));
            }
          });
      int approved = state.approvedThrough.getOrDefault(ref.name(), initialApproval());
      RolloutPlan plan =
          RolloutPlanner.plan(ref.rolloutStrategy(), groups, progress, now, approved);
      for (String cluster : plan.timedOut()) {
        state
            .clusters
            .get(cluster)
            .moveTo(ClusterRolloutState.TIMED_OUT, now, "no success within progressDeadline");
      }
      if (plan.breach()) {
        breach = true;
        breachMessage =
            "placement "
                + ref.name()
                + ": "
                + plan.failures()
                + " clusters failed or timed out, more than maxFailures "
                + plan.maxFailures();
      }
      complete &= plan.complete();
      if (currentStage == null && plan.currentStage() >= 0) {
        currentStage = ref.name() + "/" + plan.stages().get(plan.currentStage()).name();
      }
      if (plan.gate() != null
          && state.gates.stream().noneMatch(g -> g.placement().equals(ref.name()))
          && !state.paused) {
        controls.openGate(ref.name(), plan.stages().get(plan.gate()), now).ifPresent(this::wake);
      }
      if (!state.paused) {
        for (String cluster : plan.toApply()) {
          launches.put(cluster, plan.stageOf(cluster).map(RolloutPlanner.Stage::name).orElse(""));
        }
      }
      wake(plan.recheckAt());
    }
    for (GateStatus gate : List.copyOf(state.gates)) {
      if (gate.expiresAt() != null) {
        Instant expiry = Instant.parse(gate.expiresAt());
        if (now.isBefore(expiry)) {
          wake(expiry);
        } else {
          controls.expire(gate, now);
        }
      }
    }
    if (breach && state.set.getSpec().autoRollbackEnabled() && state.outcome == null) {
      state.outcome = "Aborted";
      state.outcomeMessage = "automatic rollback: " + breachMessage;
      rollbackRequestedBy = SYSTEM;
      rollbackReason = "automatic rollback: " + breachMessage;
      RolloutEvents.record(
          state, now, "MaxFailuresBreached", SYSTEM, breachMessage + "; rolling back");
      return false;
    }
    if (breach && state.outcome == null && state.breachRecorded != state.revision) {
      state.breachRecorded = state.revision;
      RolloutEvents.record(
          state,
          now,
          "MaxFailuresBreached",
          SYSTEM,
          breachMessage
              + "; no new cluster starts and the clusters keep what they have (autoRollback is"
              + " off): change the template, undo, or abort");
    }
    if (state.outcome == null && !launches.isEmpty()) {
      render(now);
      deployer.launch(launches, now);
      judgeReports(EntityClock.now());
      return true;
    }
    return false;
  }

  private void render(Instant now) {
    String phase = phase();
    String message = message();
    var before = JSON.valueToTree(state.set.getStatus());
    RolloutStatusView.render(state, phase, message, currentStage, complete, now);
    // Like an API server, the resourceVersion moves only when something changed, so watchers are
    // not woken by every resync.
    if (!before.equals(JSON.valueToTree(state.set.getStatus()))) {
      ObjectChanges.bump(state.set);
    }
    Workflow.setCurrentDetails(RolloutStatusView.details(state, phase, message));
  }

  // ------------------------------------------------------------------------------------------
  // Hooks of the reconcile loop
  // ------------------------------------------------------------------------------------------

  @Override
  protected Wake nextWake() {
    if (wakeAt != null) {
      Duration until = Duration.between(EntityClock.now(), wakeAt);
      if (until.compareTo(RESYNC) < 0) {
        return new Wake(
            until.isNegative() || until.isZero() ? Duration.ofSeconds(1) : until,
            "next soak end, progress deadline or gate expiry of " + namespace() + "/" + name());
      }
    }
    if (wakeAt == null
        && "Succeeded".equals(phase())
        && state.subscribed.size() >= state.set.getSpec().getPlacementRefs().size()
        && Workflow.getVersion(IDLE_WHEN_DONE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      return new Wake(
          IDLE,
          "nothing to do: reports, decisions and changes of " + name() + " arrive as signals");
    }
    return super.nextWake();
  }

  /**
   * The change ID of sleeping {@link #IDLE} instead of {@link #RESYNC} once the rollout succeeded:
   * everything that moves it then arrives as a signal or an update.
   */
  static final String IDLE_WHEN_DONE = "idle-when-done";

  /** How long a replica set whose rollout succeeded sleeps, as an add-on with nothing to do. */
  static final Duration IDLE = Duration.ofHours(1);

  @Override
  protected String phase() {
    if (state.set == null) {
      return "Pending";
    }
    if (state.set.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    if (rollbackRequestedBy != null) {
      return "RollingBack";
    }
    if (state.outcome != null) {
      return state.outcome;
    }
    if (state.paused) {
      return "Paused";
    }
    if (!state.gates.isEmpty()) {
      return "WaitingForApproval";
    }
    if (breach) {
      return "Failed";
    }
    return complete ? "Succeeded" : "Progressing";
  }

  private String message() {
    String counts = RolloutStatusView.counts(state.clusters, state.revision);
    if (state.outcome != null) {
      return state.outcomeMessage + "; " + counts;
    }
    if (state.paused) {
      return "paused; " + counts;
    }
    if (breach && state.gates.isEmpty()) {
      return breachMessage + "; " + counts;
    }
    if (!state.gates.isEmpty()) {
      GateStatus g = state.gates.getFirst();
      return "stage "
          + g.stageName()
          + " of placement "
          + g.placement()
          + " waits for approval; "
          + counts;
    }
    return counts;
  }

  @Override
  protected void searchAttributes(SearchAttributePublisher publisher) {
    publisher
        .set(FleetflowSearchAttributes.ROLLOUT, namespace() + "/" + name())
        .set(FleetflowSearchAttributes.STAGE, currentStage);
  }

  @Override
  protected ManifestWorkReplicaSet object() {
    return state.set;
  }

  @Override
  protected void object(ManifestWorkReplicaSet object) {
    state.set = object;
  }

  // ------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------

  private int initialApproval() {
    return RolloutPlanner.initialApproval(gates());
  }

  private ApprovalGates gates() {
    return state.set.getSpec().getApprovalGates();
  }

  private void wake(Instant at) {
    if (at != null && (wakeAt == null || at.isBefore(wakeAt))) {
      wakeAt = at;
    }
  }

  private void requireNotDeleting() {
    if (state.set != null && state.set.getMetadata().getDeletionTimestamp() != null) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT, "ManifestWorkReplicaSet \"" + name() + "\" is being deleted");
    }
  }

  private String namespace() {
    return state.set.getMetadata().getNamespace();
  }

  private String name() {
    return state.set.getMetadata().getName();
  }
}
