package io.fleetflow.workflows.action;

import static io.fleetflow.model.action.ManagedClusterAction.CONDITION_APPROVED;
import static io.fleetflow.model.action.ManagedClusterAction.CONDITION_COMPLETED;

import io.fleetflow.activities.action.ActionAgentActivities;
import io.fleetflow.activities.action.ActionOutcome;
import io.fleetflow.activities.action.ActionRequest;
import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSet;
import io.fleetflow.model.action.ManagedClusterActionStatus;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ExecutorAnnotation;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Implements {@link ManagedClusterActionWorkflow}. */
public class ManagedClusterActionWorkflowImpl extends ReconciledEntityWorkflow<ManagedClusterAction>
    implements ManagedClusterActionWorkflow {
  /** How long a completed action stays before the hub deletes it, as in OCM. */
  static final Duration KEPT_AFTER_COMPLETION = Duration.ofSeconds(60);

  /** How long an action waits on the cluster's queue for its agent (a restart is not a failure). */
  static final Duration PICKUP = Duration.ofMinutes(5);

  private static final Duration IDLE = Duration.ofDays(1);

  private final ManagedClusterActionState state;

  @WorkflowInit
  public ManagedClusterActionWorkflowImpl(ManagedClusterActionState carried) {
    super(
        ActionKinds.MANAGED_CLUSTER_ACTION,
        action -> action.setStatus(new ManagedClusterActionStatus()));
    this.state = carried != null ? carried : new ManagedClusterActionState();
  }

  @Override
  public void run(ManagedClusterActionState carried) {
    runLife(state);
  }

  /** Records the requesting user on the action, replacing whatever the client wrote there. */
  @Override
  public ManagedClusterAction create(ManagedClusterAction proposed, Actor actor) {
    annotate(proposed, actor.user());
    return super.create(proposed, actor);
  }

  /** Keeps the requesting user: nobody rewrites who asked. */
  @Override
  public ManagedClusterAction apply(ManagedClusterAction proposed, Actor actor) {
    annotate(proposed, requestedBy());
    return super.apply(proposed, actor);
  }

  @Override
  public void validateApprove(ActionApproval approval, Actor actor) {
    if (state.action == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "managedclusteractions not found");
    }
    EntityAuthority.requireControl(
        ActionKinds.MANAGED_CLUSTER_ACTION, APPROVE, actor, state.action);
    if (state.action == null || !waitsForApproval()) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "ManagedClusterAction \""
              + (state.action == null ? "" : name())
              + "\" does not wait for an approver"
              + (state.approvedBy != null ? ": " + state.approvedBy + " approved it" : ""));
    }
  }

  @Override
  public ManagedClusterAction approve(ActionApproval approval, Actor actor) {
    state.approvedBy = actor.user();
    String comment =
        approval == null || approval.comment() == null ? "" : ": " + approval.comment();
    setCondition(
        state.action.getStatus().getConditions(),
        CONDITION_APPROVED,
        Conditions.TRUE,
        ManagedClusterAction.REASON_APPROVED,
        "approved by " + actor.user() + " at " + EntityClock.now() + comment);
    changed();
    return state.action;
  }

  @Override
  protected void reconcile(Instant now) {
    if (state.action.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    if (state.completedAt != 0) {
      if (now.toEpochMilli() >= state.completedAt + KEPT_AFTER_COMPLETION.toMillis()) {
        ObjectChanges.markDeleting(state.action, now);
      }
    } else if (waitsForApproval()) {
      awaitApproval(now);
    } else {
      runOnCluster();
    }
    Workflow.setCurrentDetails(details());
  }

  private void awaitApproval(Instant now) {
    Instant expiry = approvalExpiry();
    if (now.isBefore(expiry)) {
      setCondition(
          state.action.getStatus().getConditions(),
          CONDITION_APPROVED,
          Conditions.FALSE,
          ManagedClusterAction.REASON_WAITING_FOR_APPROVAL,
          "waiting for an approver until "
              + expiry
              + ": ./fleetflow action approve "
              + name()
              + " -n "
              + cluster());
      return;
    }
    setCondition(
        state.action.getStatus().getConditions(),
        CONDITION_APPROVED,
        Conditions.FALSE,
        ManagedClusterAction.REASON_APPROVAL_EXPIRED,
        "no approver approved the action before " + expiry);
    complete(
        new ActionOutcome(
            ManagedClusterAction.REASON_APPROVAL_EXPIRED,
            "the action was not approved in time and did nothing",
            null));
  }

  /** Has the agent run the action: one activity, whose result Temporal records once. */
  private void runOnCluster() {
    var spec = state.action.getSpec();
    ActionAgentActivities agent =
        AgentStubs.forCluster(
            ActionAgentActivities.class,
            cluster(),
            spec.getActionType()
                + " "
                + spec.getKube().describe()
                + " (asked by "
                + requestedBy()
                + ")",
            PICKUP);
    ActionOutcome outcome;
    try {
      outcome =
          agent.runAction(
              new ActionRequest(
                  name(),
                  state.action.getMetadata().getUid(),
                  spec.getActionType(),
                  spec.getKube(),
                  ExecutorAnnotation.of(state.action)));
    } catch (ActivityFailure failure) {
      outcome =
          AgentStubs.isUnreachable(failure)
              ? new ActionOutcome(
                  ManagedClusterAction.REASON_CLUSTER_UNREACHABLE,
                  "no agent of cluster "
                      + cluster()
                      + " took the action within "
                      + PICKUP.toMinutes()
                      + " minutes; it did nothing: create the action again when the cluster is"
                      + " back",
                  null)
              : new ActionOutcome(
                  ManagedClusterAction.failureReason(spec.getActionType()),
                  "the agent of cluster "
                      + cluster()
                      + " failed after its retries: "
                      + AgentStubs.describe(failure),
                  null);
    }
    complete(outcome);
  }

  private void complete(ActionOutcome outcome) {
    state.completedAt = EntityClock.now().toEpochMilli();
    state.action.getStatus().setResult(outcome.result());
    setCondition(
        state.action.getStatus().getConditions(),
        CONDITION_COMPLETED,
        outcome.done() ? Conditions.TRUE : Conditions.FALSE,
        outcome.reason(),
        outcome.message());
    ObjectChanges.bump(state.action);
    tellOwner(outcome);
  }

  /** An action of a ManagedClusterActionSet tells its set how it went. */
  private void tellOwner(ActionOutcome outcome) {
    String owner = state.action.getMetadata().getAnnotations().get(ManagedClusterActionSet.OWNER);
    if (owner == null || owner.indexOf('/') < 0) {
      return;
    }
    String[] parts = owner.split("/", 2);
    try {
      Workflow.newUntypedExternalWorkflowStub(
              ActionKinds.MANAGED_CLUSTER_ACTION_SET.workflowId(parts[0], parts[1]))
          .signal(
              ManagedClusterActionSetWorkflow.ACTION_COMPLETED,
              new ActionReport(cluster(), outcome.done(), outcome.reason(), outcome.message()));
    } catch (RuntimeException e) {
      // The set is gone; nobody waits for this outcome.
      Workflow.getLogger(ManagedClusterActionWorkflowImpl.class)
          .info("action {} could not tell its set {}: {}", name(), owner, e.getMessage());
    }
  }

  @Override
  protected Wake nextWake() {
    long now = EntityClock.now().toEpochMilli();
    if (state.completedAt != 0) {
      return new Wake(
          Duration.ofMillis(
              Math.max(0, state.completedAt + KEPT_AFTER_COMPLETION.toMillis() - now)),
          "delete the completed action " + name());
    }
    if (waitsForApproval()) {
      return new Wake(
          Duration.ofMillis(Math.max(0, approvalExpiry().toEpochMilli() - now)),
          "approval of action " + name() + " expires");
    }
    return new Wake(IDLE, "nothing to do");
  }

  @Override
  protected String phase() {
    if (state.action.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    if (state.completedAt != 0) {
      return Conditions.isTrue(state.action.getStatus().getConditions(), CONDITION_COMPLETED)
          ? "Completed"
          : "Failed";
    }
    return waitsForApproval() ? "WaitingForApproval" : "Running";
  }

  @Override
  protected void searchAttributes(SearchAttributePublisher publisher) {
    publisher.set(FleetflowSearchAttributes.CLUSTER, cluster());
  }

  private boolean waitsForApproval() {
    return state.completedAt == 0
        && state.approvedBy == null
        && ManagedClusterAction.requiresApproval(state.action);
  }

  private Instant approvalExpiry() {
    return Instant.parse(state.action.getMetadata().getCreationTimestamp())
        .plusSeconds(ManagedClusterAction.approvalSeconds(state.action));
  }

  private String details() {
    var completed = Conditions.find(state.action.getStatus().getConditions(), CONDITION_COMPLETED);
    return "**"
        + state.action.getSpec().getActionType()
        + " "
        + state.action.getSpec().getKube().describe()
        + "** on cluster `"
        + cluster()
        + "`, asked by "
        + requestedBy()
        + (state.approvedBy == null ? "" : ", approved by " + state.approvedBy)
        + ": "
        + completed.map(c -> c.getReason() + ": " + c.getMessage()).orElse(phase());
  }

  private static void annotate(ManagedClusterAction action, String user) {
    Map<String, String> annotations =
        new HashMap<>(
            action.getMetadata().getAnnotations() == null
                ? Map.of()
                : action.getMetadata().getAnnotations());
    annotations.put(ManagedClusterAction.REQUESTED_BY, user);
    action.getMetadata().setAnnotations(annotations);
  }

  private String requestedBy() {
    return state.action.getMetadata().getAnnotations().get(ManagedClusterAction.REQUESTED_BY);
  }

  private String name() {
    return state.action.getMetadata().getName();
  }

  private String cluster() {
    return state.action.getMetadata().getNamespace();
  }

  @Override
  protected ManagedClusterAction object() {
    return state.action;
  }

  @Override
  protected void object(ManagedClusterAction object) {
    state.action = object;
  }
}
