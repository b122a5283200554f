package io.fleetflow.workflows.view;

import io.fleetflow.activities.view.ViewAgentActivities;
import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.activities.view.ViewRequest;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.view.ManagedClusterView;
import io.fleetflow.model.view.ManagedClusterViewStatus;
import io.fleetflow.model.view.ViewKinds;
import io.fleetflow.model.work.ExecutorAnnotation;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;

/** Implements {@link ManagedClusterViewWorkflow}. */
public class ManagedClusterViewWorkflowImpl extends ReconciledEntityWorkflow<ManagedClusterView>
    implements ManagedClusterViewWorkflow {
  /** How long to wait before asking an agent that could not be reached again. */
  static final Duration RETRY_DELAY = Duration.ofMinutes(2);

  /**
   * How long a view that needs nothing sleeps: its changes come as signals, so the timer only
   * bounds how long a workflow waits without a task.
   */
  static final Duration IDLE = Duration.ofDays(1);

  /** How long the agent has to take a request to stop watching before the view ends anyway. */
  static final Duration STOP_PICKUP = Duration.ofSeconds(10);

  private final ManagedClusterViewState state;

  @WorkflowInit
  public ManagedClusterViewWorkflowImpl(ManagedClusterViewState carried) {
    super(ViewKinds.MANAGED_CLUSTER_VIEW, view -> view.setStatus(new ManagedClusterViewStatus()));
    this.state = carried != null ? carried : new ManagedClusterViewState();
  }

  @Override
  public void run(ManagedClusterViewState carried) {
    runLife(state);
  }

  @Override
  public void viewChanged(ViewReport report) {
    if (state.view == null) {
      return;
    }
    if (report.resync()) {
      state.resync = true;
    } else if (report.generation() == generation()
        && ViewOutcomes.record(state.view, report, EntityClock.now())) {
      ObjectChanges.bump(state.view);
    }
    changed();
  }

  @Override
  protected void reconcile(Instant now) {
    if (state.view.getMetadata().getDeletionTimestamp() != null) {
      stopWatching();
      return;
    }
    boolean retryDue = state.retryAt != 0 && now.toEpochMilli() >= state.retryAt;
    if (state.resync || retryDue || ViewOutcomes.reportedGeneration(state.view) != generation()) {
      watch();
    }
    Workflow.setCurrentDetails(details());
  }

  /** Asks the agent to read the object and watch it; what it answers becomes the status. */
  private void watch() {
    state.resync = false;
    state.retryAt = 0;
    ViewRequest request =
        new ViewRequest(
            name(),
            generation(),
            state.view.getSpec().getScope(),
            ExecutorAnnotation.of(state.view));
    ViewAgentActivities agent =
        AgentStubs.forCluster(
            ViewAgentActivities.class,
            cluster(),
            "read and watch " + request.scope().describeType() + " " + describeObject(),
            AgentStubs.PICKUP_TIMEOUT);
    boolean changed;
    try {
      changed = ViewOutcomes.record(state.view, agent.watchView(request), EntityClock.now());
    } catch (ActivityFailure failure) {
      state.retryAt = EntityClock.now().plus(RETRY_DELAY).toEpochMilli();
      changed =
          AgentStubs.isUnreachable(failure)
              ? ViewOutcomes.unreachable(
                  state.view,
                  ManagedClusterView.REASON_CLUSTER_UNREACHABLE,
                  "no agent of cluster "
                      + cluster()
                      + " took the view within "
                      + AgentStubs.PICKUP_TIMEOUT.toSeconds()
                      + "s; the result is as last seen, and the view asks again every "
                      + RETRY_DELAY.toMinutes()
                      + " minutes and when the agent starts",
                  EntityClock.now())
              : ViewOutcomes.unreachable(
                  state.view,
                  ManagedClusterView.REASON_FAILED,
                  "the agent of cluster "
                      + cluster()
                      + " could not read the object: "
                      + AgentStubs.describe(failure),
                  EntityClock.now());
    }
    if (changed) {
      ObjectChanges.bump(state.view);
    }
  }

  /**
   * Tells the agent to stop watching. An agent that cannot be reached stops on its own: its next
   * report finds the view gone.
   */
  private void stopWatching() {
    try {
      AgentStubs.forCluster(
              ViewAgentActivities.class,
              cluster(),
              "stop watching " + describeObject(),
              STOP_PICKUP)
          .stopView(name());
    } catch (ActivityFailure failure) {
      Workflow.getLogger(ManagedClusterViewWorkflowImpl.class)
          .info(
              "the agent of {} did not stop watching view {}: {}",
              cluster(),
              name(),
              AgentStubs.describe(failure));
    }
  }

  @Override
  protected Wake nextWake() {
    if (state.retryAt == 0) {
      return new Wake(IDLE, "nothing to do: changes arrive as signals");
    }
    Duration left =
        Duration.ofMillis(Math.max(0, state.retryAt - EntityClock.now().toEpochMilli()));
    return new Wake(left, "ask the agent of " + cluster() + " again");
  }

  @Override
  protected String phase() {
    if (state.view.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    return Conditions.find(
            state.view.getStatus().getConditions(), ManagedClusterView.CONDITION_PROCESSING)
        .map(c -> Conditions.TRUE.equals(c.getStatus()) ? "Watching" : c.getReason())
        .orElse("Pending");
  }

  @Override
  protected void searchAttributes(SearchAttributePublisher publisher) {
    publisher.set(FleetflowSearchAttributes.CLUSTER, cluster());
  }

  private String details() {
    var scope = state.view.getSpec().getScope();
    var processing =
        Conditions.find(
            state.view.getStatus().getConditions(), ManagedClusterView.CONDITION_PROCESSING);
    var result = state.view.getStatus().getResult();
    return "**"
        + scope.describeType()
        + " "
        + describeObject()
        + "** on cluster `"
        + cluster()
        + "`: "
        + processing.map(c -> c.getReason() + ": " + c.getMessage()).orElse("not read yet")
        + (result == null
            ? ""
            : " (resourceVersion " + result.getMetadata().getResourceVersion() + ")");
  }

  private String describeObject() {
    return state.view.getSpec().getScope().describeObject();
  }

  private long generation() {
    Long generation = state.view.getMetadata().getGeneration();
    return generation == null ? 1 : generation;
  }

  private String name() {
    return state.view.getMetadata().getName();
  }

  private String cluster() {
    return state.view.getMetadata().getNamespace();
  }

  @Override
  protected ManagedClusterView object() {
    return state.view;
  }

  @Override
  protected void object(ManagedClusterView object) {
    state.view = object;
  }
}
