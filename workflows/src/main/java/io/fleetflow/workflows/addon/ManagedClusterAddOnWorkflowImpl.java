package io.fleetflow.workflows.addon;

import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.activities.addon.AddOnAgentActivities;
import io.fleetflow.activities.addon.AddOnRenderRequest;
import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.addon.AddOnLease;
import io.fleetflow.model.addon.HealthCheck;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.HealthCheckMode;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.stream.LongStream;

/** Implements {@link ManagedClusterAddOnWorkflow}. */
public class ManagedClusterAddOnWorkflowImpl extends ReconciledEntityWorkflow<ManagedClusterAddOn>
    implements ManagedClusterAddOnWorkflow {
  /**
   * How long an add-on that could not be rendered waits before trying again on its own; the changes
   * that fix it (a template or config created, the add-on created) tell it at once.
   */
  static final Duration RETRY_DELAY = Duration.ofMinutes(5);

  /** How long an add-on that needs nothing sleeps: its changes come as signals. */
  static final Duration IDLE = Duration.ofDays(1);

  /** How long one watch of a lease lasts before it answers anyway (within the agent's timeout). */
  static final Duration LEASE_WATCH = Duration.ofMinutes(4);

  /** The {@code getVersion} change that brought add-on registration. */
  static final String REGISTRATION_CHANGE = "addon-registration";

  private final ManagedClusterAddOnState state;
  private final AddOnDelivery delivery;
  private final AddOnScoring scoring;
  private final AddOnRegistrar registrar;
  private Promise<AddOnLease> leaseWatch;
  private String applyFailure;

  @WorkflowInit
  public ManagedClusterAddOnWorkflowImpl(ManagedClusterAddOnState carried) {
    super(
        AddOnKinds.MANAGED_CLUSTER_ADD_ON,
        addOn -> addOn.setStatus(new ManagedClusterAddOnStatus()));
    this.state = carried != null ? carried : new ManagedClusterAddOnState();
    this.delivery = new AddOnDelivery(state);
    this.scoring = new AddOnScoring(state);
    this.registrar = new AddOnRegistrar(state);
  }

  @Override
  public void run(ManagedClusterAddOnState carried) {
    runLife(state);
  }

  @Override
  public void configsChanged() {
    state.renderDue = true;
    changed();
  }

  @Override
  public void rolloutStep(AddOnRolloutStep step) {
    if (!Objects.equals(step, state.rollout)) {
      state.rollout = step;
      state.highestStep = Math.max(state.highestStep, step.revision());
      state.renderDue = true;
      changed();
    }
  }

  @Override
  public void manifestWorkStatusChanged(StatusReport report) {
    if (state.addOn == null) {
      return;
    }
    if (ManagedClusterAddOn.hookWorkName(name()).equals(report.name())) {
      state.hookReport = report;
    } else if (state.deployReport == null
        || report.generation() >= state.deployReport.generation()) {
      state.deployReport = report;
    }
    changed();
  }

  @Override
  protected void reconcile(Instant now) {
    if (state.addOn.getMetadata().getDeletionTimestamp() != null) {
      Workflow.setCurrentDetails(
          "**Removing add-on " + name() + "** from `" + cluster() + "`: its works go first");
      delivery.remove();
      if (registered()) {
        registrar.unregister(state.rendered == null ? null : state.rendered.installNamespace());
      }
      reportToManager(true);
      return;
    }
    boolean retryDue = state.retryAt != 0 && now.toEpochMilli() >= state.retryAt;
    // An add-on a placement installed renders once its rollout gives it a revision, which the
    // ClusterManagementAddOn does right after creating it: rendering before would render twice.
    boolean awaitsRollout = installedBy() != null && state.rollout == null;
    if (!awaitsRollout
        && (state.renderDue || retryDue || state.renderedGeneration != generation())) {
      render();
    }
    RenderedAddOn rendered = state.rendered;
    if (rendered != null && rendered.problem() == null && rendered.managedByHub()) {
      applyFailure = delivery.deliver(rendered);
      if (applyFailure != null) {
        state.retryAt = EntityClock.now().plus(RETRY_DELAY).toEpochMilli();
      }
    }
    if (rendered != null
        && rendered.problem() == null
        && registrar.needed(rendered)
        && registers()) {
      registrar.register(rendered, now);
    }
    if (rendered != null
        && rendered.problem() == null
        && rendered.health() != null
        && HealthCheck.LEASE.equals(rendered.health().mode())
        && AddOnConditions.applied(state)) {
      watchLease(rendered, now);
    }
    if (rendered != null
        && rendered.problem() == null
        && rendered.producer() != null
        && AddOnConditions.applied(state)) {
      scoring.produce(rendered.producer(), now);
    }
    if (AddOnConditions.update(state.addOn, state, applyFailure, EntityClock.now())) {
      ObjectChanges.bump(state.addOn);
    }
    reportToManager(false);
    Workflow.setCurrentDetails(details());
  }

  /**
   * Keeps one watch of the add-on's lease running on the cluster's agent: it answers only when the
   * lease's health changes (or after {@link #LEASE_WATCH}), so renewals cost the hub nothing. An
   * agent that cannot be reached makes the health Unknown, as OCM's add-ons go Unknown with their
   * cluster, and is asked again after {@link #RETRY_DELAY}.
   */
  private void watchLease(RenderedAddOn rendered, Instant now) {
    if (leaseWatch != null
        || (state.leaseRetryAt != 0 && now.toEpochMilli() < state.leaseRetryAt)) {
      return;
    }
    state.leaseRetryAt = 0;
    AddOnAgentActivities agent =
        AgentStubs.forCluster(
            AddOnAgentActivities.class,
            cluster(),
            "watch the lease of add-on " + name() + " on " + cluster(),
            AgentStubs.PICKUP_TIMEOUT);
    leaseWatch =
        Async.function(
            agent::watchLease,
            new AddOnAgentActivities.LeaseWatch(
                rendered.installNamespace(), name(), state.lease, LEASE_WATCH.toSeconds()));
    leaseWatch.handle(
        (lease, failure) -> {
          leaseWatch = null;
          if (failure == null) {
            state.lease = lease;
          } else {
            state.lease = new AddOnLease(false, null, 0, false);
            state.leaseRetryAt = EntityClock.now().plus(RETRY_DELAY).toEpochMilli();
          }
          changed();
          return null;
        });
  }

  /**
   * Whether this execution registers add-ons: executions that began before add-on registration
   * replay without it.
   */
  private boolean registers() {
    return Workflow.getVersion(REGISTRATION_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether anything was registered that a removal must undo. */
  private boolean registered() {
    return (!state.hubBindings.isEmpty() || state.credentialSubject != null) && registers();
  }

  /** Renders the add-on, or takes the kept works of a revision the rollout returns it to. */
  private void render() {
    state.renderDue = false;
    state.retryAt = 0;
    state.renderedGeneration = generation();
    AddOnRolloutStep step = state.rollout;
    ManagedClusterAddOnState.KeptRender kept =
        step == null ? null : state.renderedByRevision.get(step.revision());
    boolean rollback =
        kept != null && kept.generation() == generation() && step.revision() < state.highestStep;
    RenderedAddOn rendered =
        rollback
            ? kept.rendered()
            : HubStubs.of(
                    AddOnActivities.class,
                    "render add-on "
                        + name()
                        + " for "
                        + cluster()
                        + (step == null ? "" : " at revision " + step.revision()),
                    Duration.ofSeconds(30))
                .render(
                    new AddOnRenderRequest(
                        cluster(),
                        name(),
                        state.addOn.getSpec().getInstallNamespace(),
                        installedBy(),
                        state.addOn.getSpec().getConfigs(),
                        step == null ? null : step.configs(),
                        step == null ? null : step.addOn()));
    state.rendered = rendered;
    if (rendered.problem() != null) {
      state.retryAt = EntityClock.now().plus(RETRY_DELAY).toEpochMilli();
      return;
    }
    if (step != null && !rollback) {
      state.renderedByRevision.put(
          step.revision(), new ManagedClusterAddOnState.KeptRender(generation(), rendered));
      while (state.renderedByRevision.size() > ManagedClusterAddOnState.REVISIONS_KEPT) {
        state.renderedByRevision.remove(state.renderedByRevision.keySet().iterator().next());
      }
    }
    ManagedClusterAddOnStatus status = state.addOn.getStatus();
    HealthCheckMode mode =
        rendered.health() == null ? null : new HealthCheckMode(rendered.health().ocmMode());
    if (!Objects.equals(status.getAddOnMeta(), rendered.addOnMeta())
        || !Objects.equals(status.getRegistrations(), rendered.registrations())
        || !Objects.equals(status.getHealthCheck(), mode)) {
      status.setAddOnMeta(rendered.addOnMeta());
      status.setRegistrations(rendered.registrations());
      status.setHealthCheck(mode);
      ObjectChanges.bump(state.addOn);
    }
  }

  /**
   * Tells the ClusterManagementAddOn how the add-on stands, when that changed. A missing manager is
   * no error: the add-on says so in {@code Configured}.
   */
  private void reportToManager(boolean deleted) {
    AddOnReport report =
        new AddOnReport(
            cluster(),
            state.rollout == null ? 0 : state.rollout.revision(),
            AddOnConditions.progress(state.addOn),
            Conditions.statusOf(
                state.addOn.getStatus().getConditions(), ManagedClusterAddOn.CONDITION_AVAILABLE),
            deleted);
    if (report.equals(state.reported)) {
      return;
    }
    state.reported = report;
    try {
      Workflow.newUntypedExternalWorkflowStub(
              AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON.workflowId(null, name()))
          .signal(AddOnReport.SIGNAL, report);
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // No ClusterManagementAddOn runs: the add-on's Configured condition says so.
    }
  }

  @Override
  protected Wake nextWake() {
    long next =
        LongStream.of(
                state.retryAt,
                state.leaseRetryAt,
                registrar.nextWake(),
                state.rendered != null && state.rendered.producer() != null ? state.nextScoreAt : 0)
            .filter(t -> t != 0)
            .min()
            .orElse(0);
    if (next == 0) {
      return new Wake(IDLE, "nothing to do: changes arrive as signals");
    }
    Duration left = Duration.ofMillis(Math.max(0, next - EntityClock.now().toEpochMilli()));
    return new Wake(
        left, "render, register, watch the lease or measure the scores of " + name() + " again");
  }

  @Override
  protected String phase() {
    if (state.addOn.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    var conditions = state.addOn.getStatus().getConditions();
    if (Conditions.find(conditions, ManagedClusterAddOn.CONDITION_CONFIGURED)
        .map(c -> Conditions.FALSE.equals(c.getStatus()))
        .orElse(false)) {
      return "NotConfigured";
    }
    String available = Conditions.statusOf(conditions, ManagedClusterAddOn.CONDITION_AVAILABLE);
    return switch (available) {
      case Conditions.TRUE -> "Available";
      case Conditions.FALSE -> "Unavailable";
      case Conditions.UNKNOWN -> "Unknown";
      default -> "Pending";
    };
  }

  @Override
  protected void searchAttributes(SearchAttributePublisher publisher) {
    publisher.set(FleetflowSearchAttributes.CLUSTER, cluster());
  }

  private String details() {
    var conditions = state.addOn.getStatus().getConditions();
    StringBuilder text =
        new StringBuilder("**Add-on " + name() + "** on cluster `" + cluster() + "`");
    if (state.rollout != null) {
      text.append(" at revision ").append(state.rollout.revision());
    }
    for (String type :
        new String[] {
          ManagedClusterAddOn.CONDITION_CONFIGURED,
          ManagedClusterAddOn.CONDITION_PROGRESSING,
          ManagedClusterAddOn.CONDITION_REGISTRATION_APPLIED,
          ManagedClusterAddOn.CONDITION_AVAILABLE
        }) {
      Conditions.find(conditions, type)
          .ifPresent(
              c ->
                  text.append("\n- ")
                      .append(type)
                      .append(" ")
                      .append(c.getStatus())
                      .append(" (")
                      .append(c.getReason())
                      .append("): ")
                      .append(c.getMessage()));
    }
    return text.toString();
  }

  private String installedBy() {
    Map<String, String> annotations = state.addOn.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ManagedClusterAddOn.INSTALLED_BY);
  }

  private long generation() {
    Long generation = state.addOn.getMetadata().getGeneration();
    return generation == null ? 1 : generation;
  }

  private String name() {
    return state.addOn.getMetadata().getName();
  }

  private String cluster() {
    return state.addOn.getMetadata().getNamespace();
  }

  @Override
  protected ManagedClusterAddOn object() {
    return state.addOn;
  }

  @Override
  protected void object(ManagedClusterAddOn object) {
    state.addOn = object;
  }
}
