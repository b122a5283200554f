package io.fleetflow.workflows.cluster;

import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.ChangePublisher;
import io.fleetflow.workflows.entity.CurrentDetails;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityRecord;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.HistoryBound;
import io.fleetflow.workflows.entity.MemoPublisher;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.entity.Waits;
import io.fleetflow.workflows.placement.PlacementNotices;
import io.fleetflow.workflows.takeover.TakeoverProgress;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Implements {@link ManagedClusterWorkflow}: the cluster's event loop and its handlers. As OCM
 * splits registration, lease, taint and cleanup into controllers, the handlers and the loop
 * delegate to deterministic collaborators that share one {@link ClusterRecord}: {@link
 * ClusterRegistration} (join, decisions, expiry, auto-approval), {@link ClusterHealth} (lease,
 * taints, clock) and {@link TakeoverSteering} (install, release, automatic removal). The entity
 * contract's own steps (stamping, conflicts, deletion marks) stay in the handlers.
 */
public class ManagedClusterWorkflowImpl implements ManagedClusterWorkflow {
  /** A workflow started by a join or create that never arrived ends after this long. */
  static final Duration CREATION_WAIT = Duration.ofMinutes(1);

  /**
   * The change that brought the registration policy (expiry, auto-approval, configurable grace).
   * Its DEFAULT_VERSION (no policy, no expiry) is retired: the call stays with its minimum raised
   * to 1, so that a run from before it fails its workflow task with Temporal's "version is not
   * supported" instead of silently taking today's path. docs/operator-guide.md says how to reset
   * such a run.
   */
  static final String ONBOARDING = "onboarding";

  /**
   * The change that brought takeover and release (profile install, ManifestWork and resource
   * cleanup before removal, automatic removal). Only {@link #TAKEOVER_IN_BACKGROUND} is supported:
   * its DEFAULT_VERSION (no takeover) and version 1 (each install or release awaited inside the
   * loop) are retired as {@link #ONBOARDING}'s DEFAULT_VERSION is.
   */
  static final String TAKEOVER = "takeover";

  /**
   * Version 2 of {@link #TAKEOVER}: install and release run in the background while the cluster's
   * loop keeps handling leases, decisions and deletion, and their end is one more event.
   */
  static final int TAKEOVER_IN_BACKGROUND = 2;

  /**
   * Version 1: a cluster also continues as new while its join request waits for a decision and
   * while it asks a newly accepted cluster's agent again, so writes to a cluster nobody decides on
   * cannot grow its history to Temporal's limit. Executions from before keep their history.
   */
  static final String CONTINUE_AS_NEW_IN_EVERY_PHASE = "continue-as-new-in-every-phase";

  /**
   * Version 1: a first join is answered after the auto-approval rules have seen it, so a matching
   * agent learns in the reply that it is accepted. Executions from before answered at once.
   */
  static final String JOIN_AWAITS_RULES = "join-awaits-auto-approval";

  /**
   * Version 1: the cluster publishes its agent's standing in a memo ({@link AgentStanding}), which
   * the agent and the front door read from the execution's description instead of a query.
   */
  static final String AGENT_STANDING_MEMO = "agent-standing-memo";

  /**
   * How long a first join waits for the rules; the loop applies them on its next turn, so only a
   * hub far behind its work lets the join answer "pending", and the agent then asks again.
   */
  static final Duration RULES_WAIT = Duration.ofSeconds(20);

  private static final String HUB_ACCEPTS_CLIENT = "/spec/hubAcceptsClient";

  private static final Logger log = Workflow.getLogger(ManagedClusterWorkflowImpl.class);

  private final ManagedClusterState state;
  private final EntityRecord<ManagedCluster> entity;
  private final ClusterRecord record;
  private final ClusterHealth health;
  private final ClusterRegistration registration;
  private final TakeoverSteering takeover;
  private final ClusterLiveness liveness;
  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private final ChangePublisher changes = new ChangePublisher();
  private final PlacementNotices placementNotices = new PlacementNotices();
  private RegistrationPolicy policy = RegistrationPolicy.DEFAULTS;
  private boolean dirty;

  @WorkflowInit
  public ManagedClusterWorkflowImpl(ManagedClusterState carried) {
    this.state = carried != null ? carried : new ManagedClusterState();
    // The entity contract's checks (validity, conflicts, who may make the change) are the ones
    // every kind shares; what a change does to a cluster stays with the collaborators below.
    this.entity =
        new EntityRecord<>(
            Kinds.MANAGED_CLUSTER,
            () -> state.cluster,
            cluster -> state.cluster = cluster,
            cluster -> cluster.setStatus(new ManagedClusterStatus()));
    this.record = new ClusterRecord(state, EntityClock::now);
    this.health = new ClusterHealth(record, () -> policy);
    this.registration =
        new ClusterRegistration(
            record, health, () -> policy, () -> Workflow.randomUUID().toString());
    this.takeover = new TakeoverSteering(record, health, () -> policy, this::publish);
    this.liveness = new ClusterLiveness(record, health);
  }

  @Override
  public void run(ManagedClusterState carried) {
    if (!Waits.until(
        CREATION_WAIT, "wait for the first join or create", () -> state.cluster != null)) {
      return;
    }
    changes.follow(Kinds.MANAGED_CLUSTER, () -> state.cluster);
    MemoPublisher.follow(
        AGENT_STANDING_MEMO,
        AgentStanding.MEMO,
        () -> AgentStanding.of(state.cluster, state.agentIdentity));
    Workflow.getVersion(ONBOARDING, 1, 1);
    policy = ClusterRegistration.readPolicy();
    Workflow.getVersion(TAKEOVER, TAKEOVER_IN_BACKGROUND, TAKEOVER_IN_BACKGROUND);
    while (true) {
      health.syncTaints();
      registration.joinDefaultSetIfNone();
      publish();
      placementNotices.afterClusterChange(state.cluster);
      if (takeover.childEnded()) {
        takeover.finishChild();
        continue;
      }
      takeover.forwardForce();
      if (record.deleting()) {
        if (takeover.releasedForDeletion()) {
          log.info("ManagedCluster {} deleted", record.name());
          changes.deleted(Kinds.MANAGED_CLUSTER, state.cluster);
          return;
        }
        // A running install ends first; then the release runs, while leases still count.
        if (takeover.running()) {
          awaitNextEvent();
        } else {
          takeover.startRelease(true);
        }
        continue;
      }
      if (record.pending()) {
        if (!awaitDecision()) {
          changes.deleted(Kinds.MANAGED_CLUSTER, state.cluster);
          return;
        }
        continueAsNewBetweenSteps();
        continue;
      }
      if (record.accepted() && !state.joinConfirmed) {
        boolean joined = registration.confirmJoin();
        if (joined) {
          takeover.clusterJoined();
        }
        health.syncTaints();
        publish();
        if (!joined) {
          Waits.until(
              ClusterRegistration.AGENT_RETRY_DELAY,
              "ask the agent of " + record.name() + " again",
              () -> dirty);
          dirty = false;
          continueAsNewBetweenSteps();
          continue;
        }
      }
      if (takeover.installDue()) {
        takeover.startInstall();
        continue;
      }
      if (takeover.releaseDue()) {
        takeover.startRelease(false);
        continue;
      }
      awaitNextEvent();
      if (HistoryBound.continueAsNew(
          Workflow.getInfo().isContinueAsNewSuggested(), takeover.running())) {
        // A child does not move to the next run, so the cluster continues as new only between
        // takeover runs.
        liveness.settle();
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state);
      }
    }
  }

  /**
   * Continues as new when Temporal suggests it, in a phase that did not before this release (see
   * {@link #CONTINUE_AS_NEW_IN_EVERY_PHASE}); the version is asked only when a new run is due, so
   * executions that never got there replay unchanged.
   */
  private void continueAsNewBetweenSteps() {
    if (HistoryBound.continueAsNew(
            Workflow.getInfo().isContinueAsNewSuggested(), takeover.running())
        && Workflow.getVersion(CONTINUE_AS_NEW_IN_EVERY_PHASE, Workflow.DEFAULT_VERSION, 1) == 1) {
      liveness.settle();
      Workflow.await(Workflow::isEveryHandlerFinished);
      Workflow.continueAsNew(state);
    }
  }

  /**
   * Applies the auto-approval rules on the first join, or waits for a decision until the request
   * expires.
   *
   * @return false when the request expired and the workflow ends
   */
  private boolean awaitDecision() {
    if (registration.autoApprovalDue()) {
      registration.autoApprove();
      return true;
    }
    Instant expiresAt = registration.showPending();
    publish();
    boolean open = registration.awaitDecision(expiresAt, () -> dirty);
    dirty = false;
    if (!open) {
      log.info("the join request of {} expired without a decision", record.name());
      registration.expire();
      searchAttributes.set(FleetflowSearchAttributes.PHASE, "Expired").publish();
      Workflow.setCurrentDetails(
          "**" + record.name() + "**: the join request expired without a decision.");
    }
    return open;
  }

  /**
   * Waits for the next thing to do: a change (dirty), the end of a takeover run, or the earliest of
   * the lease expiry, the automatic removal and an install retry, each on its labelled timer.
   */
  private void awaitNextEvent() {
    dirty |= liveness.sync();
    Duration lease = liveness.polled() ? null : health.leaseTimeLeft();
    Duration removal = takeover.autoRemovalIn();
    Duration retry = takeover.installRetryIn();
    Duration timeout = lease;
    String summary = "lease of " + record.name() + " expires";
    if (removal != null && (timeout == null || removal.compareTo(timeout) < 0)) {
      timeout = removal;
      summary = "remove " + record.name() + " unless its agent returns";
    }
    if (retry != null && (timeout == null || retry.compareTo(timeout) < 0)) {
      timeout = retry;
      summary = "retry the takeover of " + record.name();
    }
    if (timeout == null) {
      Workflow.await(
          () ->
              dirty
                  || takeover.childEnded()
                  || (!takeover.running() && Workflow.getInfo().isContinueAsNewSuggested()));
    } else if (!Waits.until(timeout, summary, () -> dirty || takeover.childEnded())) {
      if (lease != null) {
        health.expireLeaseIfDue();
      }
      if (removal != null) {
        takeover.autoRemoveIfDue();
      }
    }
    dirty = false;
  }

  @Override
  public ManagedCluster get() {
    return state.cluster;
  }

  @Override
  public List<ClusterEvent> events() {
    return state.events;
  }

  @Override
  public void validateJoin(JoinRequest request) {
    registration.validateJoin(request);
  }

  @Override
  public JoinResponse join(JoinRequest request) {
    JoinResponse response = registration.join(request);
    dirty = true;
    if (!response.accepted()
        && registration.autoApprovalDue()
        && Workflow.getVersion(JOIN_AWAITS_RULES, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // The loop applies the auto-approval rules on its next turn. Answering after it tells a
      // matching agent in this reply that it is accepted, so a fleet that joins at once does not
      // poll the hub for decisions that are made within moments.
      Waits.until(
          RULES_WAIT,
          "apply the auto-approval rules to " + record.name(),
          () -> !registration.autoApprovalDue());
      response = registration.response(response.certificateRequest());
    }
    return response;
  }

  @Override
  public void validateCreate(ManagedCluster cluster, Actor actor) {
    entity.validateCreate(cluster, actor);
  }

  @Override
  public ManagedCluster create(ManagedCluster cluster, Actor actor) {
    ObjectChanges.stampNew(cluster, EntityClock.now(), Workflow.randomUUID().toString());
    cluster.setStatus(new ManagedClusterStatus());
    registration.created(cluster, actor);
    dirty = true;
    return state.cluster;
  }

  @Override
  public void validateApply(ManagedCluster cluster, Actor actor) {
    entity.validateApply(cluster, actor);
  }

  @Override
  public ManagedCluster apply(ManagedCluster proposed, Actor actor) {
    boolean wasAccepted = record.accepted();
    takeover.steer(proposed, actor);
    health.stampTaints(state.cluster.getSpec().getTaints(), proposed.getSpec());
    ObjectChanges.applyChange(state.cluster, proposed);
    if (record.accepted() != wasAccepted) {
      registration.recordDecision(record.accepted(), actor);
      if (!record.accepted()) {
        takeover.denied(actor);
      }
    }
    dirty = true;
    return state.cluster;
  }

  @Override
  public void validatePatch(Patch patch, Actor actor) {
    validateApply(entity.proposedBy(patch), actor);
    if (deniesPendingJoin(patch)) {
      validateDenyJoin(actor);
    }
  }

  @Override
  public ManagedCluster patch(Patch patch, Actor actor) {
    boolean denial = deniesPendingJoin(patch);
    apply(entity.proposedBy(patch), actor);
    return denial ? denyJoin(actor) : state.cluster;
  }

  /**
   * A patch that writes {@code hubAcceptsClient: false} to a cluster nobody has decided on ({@code
   * ./fleetflow deny}, {@code kubectl patch}) changes no field, but it is a person's decision: the
   * join request is denied and recorded as {@link #denyJoin} records it.
   */
  private boolean deniesPendingJoin(Patch patch) {
    return record.pending()
        && patch
            .valueAt(HUB_ACCEPTS_CLIENT)
            .filter(value -> value.isBoolean() && !value.asBoolean())
            .isPresent();
  }

  @Override
  public void validateDenyJoin(Actor actor) {
    if (state.cluster == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "managedclusters not found");
    }
    EntityAuthority.require(
        actor, AuthorizationPolicy.toDecide(ClusterKinds.MANAGED_CLUSTER, state.cluster));
  }

  @Override
  public ManagedCluster denyJoin(Actor actor) {
    if (record.pending()) {
      registration.recordDecision(false, actor);
      dirty = true;
    }
    return state.cluster;
  }

  @Override
  public void validateDelete(Actor actor) {
    entity.validateDelete(actor);
  }

  @Override
  public ManagedCluster delete(Actor actor) {
    if (state.cluster == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "managedclusters not found");
    }
    log.info("ManagedCluster {} deletion requested by {}", record.name(), actor.user());
    ObjectChanges.markDeleting(state.cluster, EntityClock.now());
    dirty = true;
    return state.cluster;
  }

  @Override
  public void takeoverProfileChanged(long generation) {
    dirty |= takeover.profileChanged();
  }

  @Override
  public void takeoverProgress(TakeoverProgress progress) {
    takeover.progress(progress);
  }

  @Override
  public void agentSeen(AgentSeen seen) {
    dirty |= health.seen(seen);
  }

  @Override
  public void renewLease(LeaseRenewal renewal) {
    dirty |= health.renew(renewal);
  }

  /** Publishes the phase and labels as search attributes, and the conditions as details. */
  private void publish() {
    String phase = record.phase();
    Map<String, String> labels = state.cluster.getMetadata().getLabels();
    List<String> labelPairs =
        labels == null
            ? List.of()
            : labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .toList();
    searchAttributes
        .set(FleetflowSearchAttributes.PHASE, phase)
        .set(FleetflowSearchAttributes.CLUSTER, record.name())
        .set(FleetflowSearchAttributes.CLUSTER_LABELS, new ArrayList<>(labelPairs))
        .publish();
    changes.changed(Kinds.MANAGED_CLUSTER, state.cluster);
    StringBuilder details = new StringBuilder();
    details.append("**").append(record.name()).append("** is ").append(phase).append("\n\n");
    details.append(CurrentDetails.conditions(state.cluster.getStatus().getConditions()));
    if (!state.decisions.isEmpty()) {
      Decision last = state.decisions.get(state.decisions.size() - 1);
      details
          .append("\nLast decision: ")
          .append(last.accepted() ? "accepted" : "denied")
          .append(" by ")
          .append(last.actor().user())
          .append(" at ")
          .append(last.time());
    }
    Workflow.setCurrentDetails(details.toString());
  }
}
