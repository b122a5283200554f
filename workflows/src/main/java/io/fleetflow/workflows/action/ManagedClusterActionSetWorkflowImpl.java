package io.fleetflow.workflows.action;

import static io.fleetflow.model.action.ManagedClusterActionSet.CONDITION_COMPLETED;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.activities.hub.ActionSetActivities;
import io.fleetflow.activities.hub.ActionSetActivities.SetAction;
import io.fleetflow.model.action.ActionApproval;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSet;
import io.fleetflow.model.action.ManagedClusterActionSetStatus;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.fleetflow.workflows.rollout.RolloutPlanner;
import io.fleetflow.workflows.rollout.RolloutPlanner.RolloutPlan;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Implements {@link ManagedClusterActionSetWorkflow}. */
public class ManagedClusterActionSetWorkflowImpl
    extends ReconciledEntityWorkflow<ManagedClusterActionSet>
    implements ManagedClusterActionSetWorkflow {
  private static final Duration IDLE = Duration.ofDays(1);

  private final ManagedClusterActionSetState state;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActionSetActivities hub =
      HubStubs.of(
          ActionSetActivities.class, "start the set's action on a cluster", Duration.ofSeconds(30));

  @WorkflowInit
  public ManagedClusterActionSetWorkflowImpl(ManagedClusterActionSetState carried) {
    super(
        ActionKinds.MANAGED_CLUSTER_ACTION_SET,
        set -> set.setStatus(new ManagedClusterActionSetStatus()));
    this.state = carried != null ? carried : new ManagedClusterActionSetState();
  }

  @Override
  public void run(ManagedClusterActionSetState carried) {
    runLife(state);
  }

  /** Records the requesting user, whom every action of the set names as who asked. */
  @Override
  public ManagedClusterActionSet create(ManagedClusterActionSet proposed, Actor actor) {
    Map<String, String> annotations =
        new HashMap<>(
            proposed.getMetadata().getAnnotations() == null
                ? Map.of()
                : proposed.getMetadata().getAnnotations());
    annotations.put(ManagedClusterAction.REQUESTED_BY, actor.user());
    proposed.getMetadata().setAnnotations(annotations);
    state.requester = new Actor(actor.user(), actor.groups(), null);
    return super.create(proposed, actor);
  }

  @Override
  public void placementDecisionsChanged(PlacementDecisions decisions) {
    if (!state.finished) {
      state.decisions = decisions;
      changed();
    }
  }

  @Override
  public void actionCompleted(ActionReport report) {
    state.outcomes.put(report.cluster(), ActionSetProgress.reported(report, EntityClock.now()));
    changed();
  }

  @Override
  public void validateApprove(ActionApproval approval, Actor actor) {
    if (state.set == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "managedclusteractionsets not found");
    }
    EntityAuthority.requireControl(
        ActionKinds.MANAGED_CLUSTER_ACTION_SET, APPROVE, actor, state.set);
    if (state.set == null || state.set.getStatus().getWaitingGate() == null) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "ManagedClusterActionSet \""
              + (state.set == null ? "" : state.set.getMetadata().getName())
              + "\" has no gate that waits for an approver");
    }
  }

  @Override
  public ManagedClusterActionSet approve(ActionApproval approval, Actor actor) {
    RolloutPlan plan = plan(EntityClock.now());
    if (plan.gate() != null) {
      state.approvedThrough =
          RolloutPlanner.approvedAt(state.set.getSpec().getApprovalGates(), plan.gate());
      Workflow.getLogger(ManagedClusterActionSetWorkflowImpl.class)
          .info(
              "{} approved stage {}{}",
              actor.user(),
              plan.stages().get(plan.gate()).name(),
              approval == null || approval.comment() == null ? "" : ": " + approval.comment());
    }
    changed();
    return state.set;
  }

  @Override
  protected void reconcile(Instant now) {
    if (state.set.getMetadata().getDeletionTimestamp() != null) {
      unsubscribe();
      return;
    }
    if (!state.subscribed && !state.finished) {
      subscribe();
    }
    if (state.approvedThrough == null) {
      state.approvedThrough =
          RolloutPlanner.initialApproval(state.set.getSpec().getApprovalGates());
    }
    if (state.decisions == null || state.finished) {
      publishStatus(null, now);
      return;
    }
    RolloutPlan plan = plan(now);
    if (!plan.breach()) {
      for (String cluster : plan.toApply()) {
        start(cluster, now);
      }
      plan = plan(now);
    }
    publishStatus(plan, now);
  }

  private RolloutPlan plan(Instant now) {
    return RolloutPlanner.plan(
        state.set.getSpec().getPlacementRef().rolloutStrategy(),
        state.decisions == null ? List.of() : state.decisions.groups(),
        ActionSetProgress.progress(state.outcomes),
        now,
        state.approvedThrough == null ? RolloutPlanner.NO_GATES : state.approvedThrough);
  }

  /** Starts the action on one cluster; one that another action blocks counts as failed. */
  private void start(String cluster, Instant now) {
    var set = state.set;
    Map<String, String> annotations =
        new HashMap<>(
            set.getMetadata().getAnnotations() == null
                ? Map.of()
                : set.getMetadata().getAnnotations());
    annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    // Applying before the call: the action may complete, and report, before the call returns.
    state.outcomes.put(
        cluster,
        new ActionSetProgress.Outcome(
            ClusterRolloutState.APPLYING, now.toEpochMilli(), null, null));
    boolean started =
        hub.start(
            new SetAction(
                cluster,
                set.getMetadata().getName(),
                set.getMetadata().getNamespace() + "/" + set.getMetadata().getName(),
                annotations,
                set.getSpec().getActionTemplate(),
                state.requester));
    if (!started) {
      state.outcomes.put(
          cluster,
          new ActionSetProgress.Outcome(
              ClusterRolloutState.FAILED,
              now.toEpochMilli(),
              "ActionInTheWay",
              "another ManagedClusterAction named "
                  + set.getMetadata().getName()
                  + " is in the cluster's namespace"));
    }
  }

  private void publishStatus(RolloutPlan plan, Instant now) {
    var status = state.set.getStatus();
    var before = JSON.valueToTree(status);
    List<String> selected = state.decisions == null ? List.of() : state.decisions.clusters();
    status.setSummary(ActionSetProgress.summary(selected, state.outcomes));
    status.setClusters(ActionSetProgress.lines(selected, state.outcomes));
    String gate =
        plan == null || plan.gate() == null ? null : plan.stages().get(plan.gate()).name();
    status.setWaitingGate(gate);
    var summary = status.getSummary();
    if (state.decisions == null && !state.subscribed) {
      // subscribe() said that the placement is missing; the next resync asks again.
    } else if (state.decisions == null) {
      setCompleted(
          Conditions.FALSE,
          ManagedClusterActionSet.REASON_RUNNING,
          "waiting for the placement's decisions");
    } else if (plan != null && plan.breach()) {
      state.finished = true;
      setCompleted(
          Conditions.FALSE,
          ManagedClusterActionSet.REASON_HALTED,
          summary.failed()
              + " clusters failed, more than maxFailures ("
              + plan.maxFailures()
              + "): no more clusters start");
    } else if (plan != null && summary.total() > 0 && summary.waiting() + summary.running() == 0) {
      state.finished = true;
      if (summary.failed() == 0) {
        setCompleted(
            Conditions.TRUE,
            ManagedClusterAction.REASON_DONE,
            "the action is done on all " + summary.total() + " clusters");
      } else {
        setCompleted(
            Conditions.FALSE,
            ManagedClusterActionSet.REASON_SOME_FAILED,
            summary.failed()
                + " of "
                + summary.total()
                + " clusters failed (within maxFailures, "
                + plan.maxFailures()
                + "); the others are done");
      }
    } else if (gate != null) {
      setCompleted(
          Conditions.FALSE,
          ManagedClusterActionSet.REASON_WAITING_FOR_APPROVAL,
          "stage "
              + gate
              + " waits for an approver: ./fleetflow action approve-set "
              + state.set.getMetadata().getName()
              + " -n "
              + state.set.getMetadata().getNamespace());
    } else if (plan != null) {
      setCompleted(
          Conditions.FALSE,
          ManagedClusterActionSet.REASON_RUNNING,
          summary.done()
              + " done, "
              + summary.failed()
              + " failed, "
              + summary.running()
              + " running, "
              + summary.waiting()
              + " waiting");
    }
    if (state.finished) {
      unsubscribe();
    }
    if (!before.equals(JSON.valueToTree(status))) {
      ObjectChanges.bump(state.set);
    }
    Workflow.setCurrentDetails(
        "**"
            + state.set.getSpec().getActionTemplate().getActionType()
            + " "
            + state.set.getSpec().getActionTemplate().getKube().describe()
            + "** on the clusters of placement `"
            + state.set.getSpec().getPlacementRef().name()
            + "`: "
            + Conditions.find(status.getConditions(), CONDITION_COMPLETED)
                .map(c -> c.getMessage())
                .orElse(""));
  }

  /** Sets the condition; {@link #publishStatus} moves the resourceVersion once for all changes. */
  private void setCompleted(String status, String reason, String message) {
    Conditions.set(
        state.set.getStatus().getConditions(),
        CONDITION_COMPLETED,
        status,
        reason,
        message,
        EntityClock.now(),
        null);
  }

  private void subscribe() {
    state.subscribed = true;
    try {
      Workflow.newUntypedExternalWorkflowStub(
              PlacementSignals.workflowId(
                  state.set.getMetadata().getNamespace(),
                  state.set.getSpec().getPlacementRef().name()))
          .signal(PlacementSignals.SUBSCRIBE, Workflow.getInfo().getWorkflowId());
    } catch (RuntimeException e) {
      state.subscribed = false;
      setCompleted(
          Conditions.FALSE,
          ManagedClusterActionSet.REASON_NO_PLACEMENT,
          "placement " + state.set.getSpec().getPlacementRef().name() + " does not exist");
    }
  }

  private void unsubscribe() {
    if (!state.subscribed) {
      return;
    }
    state.subscribed = false;
    try {
      Workflow.newUntypedExternalWorkflowStub(
              PlacementSignals.workflowId(
                  state.set.getMetadata().getNamespace(),
                  state.set.getSpec().getPlacementRef().name()))
          .signal(PlacementSignals.UNSUBSCRIBE, Workflow.getInfo().getWorkflowId());
    } catch (RuntimeException e) {
      // The placement is gone, and with it the subscription.
    }
  }

  @Override
  protected Wake nextWake() {
    if (!state.finished && !state.subscribed) {
      return new Wake(
          RESYNC, "ask placement " + state.set.getSpec().getPlacementRef().name() + " again");
    }
    if (state.finished || state.decisions == null) {
      return new Wake(IDLE, "nothing to do");
    }
    Instant recheck = plan(EntityClock.now()).recheckAt();
    if (recheck == null) {
      return new Wake(IDLE, "wait for the clusters' actions");
    }
    return new Wake(
        Duration.ofMillis(Math.max(0, recheck.toEpochMilli() - EntityClock.now().toEpochMilli())),
        "re-plan the set when a soak or deadline passes");
  }

  @Override
  protected String phase() {
    if (state.set.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    return Conditions.find(state.set.getStatus().getConditions(), CONDITION_COMPLETED)
        .map(c -> Conditions.TRUE.equals(c.getStatus()) ? "Completed" : c.getReason())
        .orElse("Pending");
  }

  @Override
  protected ManagedClusterActionSet object() {
    return state.set;
  }

  @Override
  protected void object(ManagedClusterActionSet object) {
    state.set = object;
  }
}
