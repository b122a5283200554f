package io.fleetflow.workflows.addon;

import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.AddOnConfigResolver;
import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.PlacementStrategy;
import io.fleetflow.model.addon.ClusterManagementAddOnStatus;
import io.fleetflow.model.addon.ClusterManagementAddOnStatus.DefaultConfigReference;
import io.fleetflow.model.addon.ClusterManagementAddOnStatus.InstallProgression;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.RolloutCommand;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.rollout.RolloutValues;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.rollout.RolloutPlanner.RolloutPlan;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Implements {@link ClusterManagementAddOnWorkflow}. */
public class ClusterManagementAddOnWorkflowImpl
    extends ReconciledEntityWorkflow<ClusterManagementAddOn>
    implements ClusterManagementAddOnWorkflow {
  /** How long an add-on with nothing in progress sleeps: its changes come as signals. */
  static final Duration IDLE = Duration.ofHours(1);

  private final ClusterManagementAddOnState state;
  private final AddOnInstaller installer;
  private final AddOnRolloutControls controls;
  private Instant recheckAt;

  @WorkflowInit
  public ClusterManagementAddOnWorkflowImpl(ClusterManagementAddOnState carried) {
    super(
        AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON,
        addOn -> addOn.setStatus(new ClusterManagementAddOnStatus()));
    this.state = carried != null ? carried : new ClusterManagementAddOnState();
    this.installer = new AddOnInstaller(state);
    this.controls = new AddOnRolloutControls(state);
  }

  @Override
  public void run(ClusterManagementAddOnState carried) {
    runLife(state);
  }

  @Override
  public ClusterManagementAddOn apply(ClusterManagementAddOn proposed, Actor actor) {
    state.configsDue = true;
    return super.apply(proposed, actor);
  }

  @Override
  public void placementDecisionsChanged(PlacementDecisions decisions) {
    state.decisions.put(decisions.namespace() + "/" + decisions.name(), decisions);
    changed();
  }

  @Override
  public void configChanged(AddOnConfig config) {
    state.configsDue = true;
    changed();
  }

  @Override
  public void addOnStatusChanged(AddOnReport report) {
    if (report.deleted()) {
      state.reports.remove(report.cluster());
    } else {
      state.reports.put(report.cluster(), report);
    }
    changed();
  }

  // ------------------------------------------------------------------------------------------
  // Rollout controls

  @Override
  public void validateApprove(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.APPROVE, command, actor);
  }

  @Override
  public ClusterManagementAddOn approve(RolloutCommand command, Actor actor) {
    controls.approve(command, actor);
    changed();
    return state.addOn;
  }

  @Override
  public void validatePause(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.PAUSE, command, actor);
  }

  @Override
  public ClusterManagementAddOn pause(RolloutCommand command, Actor actor) {
    controls.pause();
    changed();
    return state.addOn;
  }

  @Override
  public void validateResume(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.RESUME, command, actor);
  }

  @Override
  public ClusterManagementAddOn resume(RolloutCommand command, Actor actor) {
    controls.resume();
    changed();
    return state.addOn;
  }

  @Override
  public void validateAbort(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.ABORT, command, actor);
  }

  @Override
  public ClusterManagementAddOn abort(RolloutCommand command, Actor actor) {
    controls.abort(command, actor);
    if (command != null && command.rollsBack()) {
      state.rollouts.values().stream()
          .filter(r -> "RolledBack".equals(r.outcome))
          .forEach(this::rollBack);
    }
    changed();
    return state.addOn;
  }

  @Override
  public void validateUndo(RolloutCommand command, Actor actor) {
    controls.validate(RolloutKinds.UNDO, command, actor);
  }

  @Override
  public ClusterManagementAddOn undo(RolloutCommand command, Actor actor) {
    state.rollouts.forEach(
        (key, rollout) -> {
          long target = controls.undoTarget(rollout, command);
          AddOnRollouts.startRevision(
              rollout,
              rollout.configs.get(target),
              rollout.references.get(target),
              gates(key),
              true);
        });
    changed();
    return state.addOn;
  }

  // ------------------------------------------------------------------------------------------
  // Reconcile

  @Override
  protected void reconcile(Instant now) {
    if (state.addOn.getMetadata().getDeletionTimestamp() != null) {
      installer.unsubscribeAll();
      installer.removeEverywhere();
      return;
    }
    if (!state.announced) {
      // Add-ons enabled before their ClusterManagementAddOn existed render now.
      activities("ask the add-ons made before " + name() + " to render").renderAgain(name(), null);
      state.announced = true;
    }
    installer.follow(now);
    if (state.configsDue) {
      hashConfigs();
    }
    recheckAt = null;
    List<InstallProgression> progressions = new ArrayList<>();
    for (PlacementStrategy placement : state.addOn.getSpec().placements()) {
      AddOnPlacementRollout rollout = state.rollouts.get(placement.key());
      if (rollout == null) {
        continue;
      }
      PlacementDecisions decisions = state.decisions.get(placement.key());
      RolloutPlan plan = decisions == null ? null : roll(placement, rollout, decisions, now);
      progressions.add(
          AddOnProgressions.of(rollout, plan, state.paused, previous(placement.key()), now));
    }
    publishStatus(progressions);
    Workflow.setCurrentDetails(AddOnDetails.of(state, progressions));
  }

  /** Gives the clusters the plan starts the current revision, and follows gates and success. */
  private RolloutPlan roll(
      PlacementStrategy placement,
      AddOnPlacementRollout rollout,
      PlacementDecisions decisions,
      Instant now) {
    RolloutPlan plan =
        AddOnRollouts.plan(rollout, placement.rolloutStrategy(), decisions, state.reports, now);
    List<String> give = AddOnRollouts.toGive(rollout, decisions, plan, state.paused);
    if (!give.isEmpty()) {
      give(rollout, give, rollout.revision, now);
      plan =
          AddOnRollouts.plan(rollout, placement.rolloutStrategy(), decisions, state.reports, now);
    }
    Integer gate = plan.gate();
    if (!Objects.equals(gate, rollout.waitingGate)) {
      rollout.waitingGate = gate;
      rollout.gateSince = now.toEpochMilli();
    }
    expireGate(placement, rollout, now);
    if (plan.complete() && rollout.outcome == null) {
      rollout.lastKnownGood = rollout.revision;
    }
    if (plan.recheckAt() != null && (recheckAt == null || plan.recheckAt().isBefore(recheckAt))) {
      recheckAt = plan.recheckAt();
    }
    return plan;
  }

  /** A gate that waited past its expiry pauses the rollouts, or aborts them, as it says. */
  private void expireGate(PlacementStrategy placement, AddOnPlacementRollout rollout, Instant now) {
    ApprovalGates gates = placement.approvalGates();
    if (rollout.waitingGate == null || gates == null || gates.expiry() == null) {
      return;
    }
    Instant expires =
        Instant.ofEpochMilli(rollout.gateSince)
            .plus(RolloutValues.duration(gates.expiry()).orElse(Duration.ZERO));
    if (now.isBefore(expires)) {
      if (recheckAt == null || expires.isBefore(recheckAt)) {
        recheckAt = expires;
      }
      return;
    }
    if (gates.abortsOnExpiry()) {
      rollout.outcome = "Aborted";
      rollout.message = "the approval gate expired after " + gates.expiry();
      rollout.waitingGate = null;
    } else {
      state.paused = true;
    }
  }

  /** Sends each cluster's add-on its step, all at once. */
  private void give(
      AddOnPlacementRollout rollout, List<String> clusters, long revision, Instant now) {
    AddOnRolloutStep step =
        new AddOnRolloutStep(revision, rollout.configs.get(revision), withoutStatus(state.addOn));
    List<Promise<Void>> sent = new ArrayList<>();
    List<String> reached = new ArrayList<>();
    for (String cluster : clusters) {
      ManagedClusterAddOnWorkflow addOn =
          Workflow.newExternalWorkflowStub(
              ManagedClusterAddOnWorkflow.class,
              AddOnKinds.MANAGED_CLUSTER_ADD_ON.workflowId(cluster, name()));
      sent.add(Async.procedure(addOn::rolloutStep, step));
      reached.add(cluster);
    }
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get();
        rollout.given.put(reached.get(i), revision);
        rollout.since.put(reached.get(i), now.toEpochMilli());
      } catch (RuntimeException e) {
        // Its add-on is not there (yet, or any more); the next reconcile tries again.
      }
    }
  }

  /** The add-on as a render needs it: its metadata and spec, not its (large) status. */
  private static ClusterManagementAddOn withoutStatus(ClusterManagementAddOn addOn) {
    ClusterManagementAddOn copy = new ClusterManagementAddOn();
    copy.setMetadata(addOn.getMetadata());
    copy.setSpec(addOn.getSpec());
    copy.setStatus(null);
    return copy;
  }

  /** Returns the clusters the current revision changed to the revision each had before. */
  private void rollBack(AddOnPlacementRollout rollout) {
    Map<Long, List<String>> byRevision = new TreeMap<>();
    AddOnRollouts.rollback(rollout)
        .forEach(
            (cluster, before) ->
                byRevision.computeIfAbsent(before, r -> new ArrayList<>()).add(cluster));
    byRevision.forEach(
        (revision, clusters) -> give(rollout, clusters, revision, EntityClock.now()));
  }

  /** Reads every config's content: a change is a new revision on the placements that use it. */
  private void hashConfigs() {
    state.configsDue = false;
    List<ConfigReference> defaults =
        activities("read the default configs of " + name())
            .hash(AddOnConfigResolver.forPlacement(state.addOn, null));
    state.defaults = defaults;
    for (PlacementStrategy placement : state.addOn.getSpec().placements()) {
      List<AddOnConfig> configs = AddOnConfigResolver.forPlacement(state.addOn, placement.key());
      List<ConfigReference> references =
          activities("read the configs of " + name() + " for placement " + placement.key())
              .hash(configs);
      AddOnPlacementRollout rollout =
          state.rollouts.computeIfAbsent(
              placement.key(),
              key -> {
                AddOnPlacementRollout r = new AddOnPlacementRollout();
                r.placement = key;
                return r;
              });
      AddOnRollouts.startRevision(rollout, configs, references, placement.approvalGates(), false);
    }
    List<String> manual =
        state.reports.keySet().stream().filter(c -> !state.installed.containsKey(c)).toList();
    if (!manual.isEmpty()) {
      activities("ask the add-ons installed by hand to render").renderAgain(name(), manual);
    }
  }

  private void publishStatus(List<InstallProgression> progressions) {
    ClusterManagementAddOnStatus status = state.addOn.getStatus();
    List<DefaultConfigReference> defaults =
        state.defaults.stream()
            .map(r -> new DefaultConfigReference(r.group(), r.resource(), r.desiredConfig()))
            .toList();
    if (!defaults.equals(status.getDefaultConfigReferences())
        || !progressions.equals(status.getInstallProgressions())) {
      status.setDefaultConfigReferences(new ArrayList<>(defaults));
      status.setInstallProgressions(progressions);
      ObjectChanges.bump(state.addOn);
    }
  }

  private InstallProgression previous(String key) {
    return state.addOn.getStatus().getInstallProgressions().stream()
        .filter(p -> key.equals(p.namespace() + "/" + p.name()))
        .findFirst()
        .orElse(null);
  }

  private ApprovalGates gates(String key) {
    return state.addOn.getSpec().placement(key).map(PlacementStrategy::approvalGates).orElse(null);
  }

  @Override
  protected Wake nextWake() {
    Instant now = EntityClock.now();
    if (state.subscribed.size() < state.addOn.getSpec().placements().size()) {
      return new Wake(RESYNC, "ask the placements of " + name() + " again");
    }
    if (recheckAt != null) {
      return new Wake(
          Duration.ofMillis(Math.max(0, recheckAt.toEpochMilli() - now.toEpochMilli())),
          "a soak, deadline or gate expiry of " + name() + "'s rollout");
    }
    return new Wake(IDLE, "nothing to do: changes arrive as signals");
  }

  @Override
  protected String phase() {
    if (state.addOn.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    return AddOnDetails.phase(state);
  }

  private String name() {
    return state.addOn.getMetadata().getName();
  }

  private static AddOnActivities activities(String summary) {
    return HubStubs.of(AddOnActivities.class, summary, Duration.ofSeconds(30));
  }

  @Override
  protected ClusterManagementAddOn object() {
    return state.addOn;
  }

  @Override
  protected void object(ClusterManagementAddOn object) {
    state.addOn = object;
  }
}
