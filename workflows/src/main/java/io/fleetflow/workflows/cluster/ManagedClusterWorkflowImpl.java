package io.fleetflow.workflows.cluster;

import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_AVAILABLE;
import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_HUB_ACCEPTED;
import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_JOINED;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.activities.hub.AutoApprovalRule;
import io.fleetflow.activities.hub.RegistrationActivities;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ClusterClaims;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import io.fleetflow.model.cluster.ManagedClusterStatus.ClusterClaim;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.model.takeover.TakeoverResources;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.CurrentDetails;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.entity.Waits;
import io.fleetflow.workflows.placement.PlacementNotices;
import io.fleetflow.workflows.takeover.ClusterTakeoverWorkflow;
import io.fleetflow.workflows.takeover.TakeoverProgress;
import io.fleetflow.workflows.takeover.TakeoverRequest;
import io.fleetflow.workflows.takeover.TakeoverResult;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/** Implements {@link ManagedClusterWorkflow}. */
public class ManagedClusterWorkflowImpl implements ManagedClusterWorkflow {
  /** A workflow started by a join or create that never arrived ends after this long. */
  static final Duration CREATION_WAIT = Duration.ofMinutes(1);

  /** How long an accepted cluster's agent has to pick up its first task. */
  static final Duration AGENT_PICKUP_TIMEOUT = Duration.ofSeconds(30);

  /** How long to wait before asking an agent that did not answer again. */
  static final Duration AGENT_RETRY_DELAY = Duration.ofSeconds(30);

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

  /** Fleetflow's condition while a join request waits for a decision. */
  public static final String CONDITION_JOIN_PENDING = "fleetflow.io/JoinRequestPending";

  /** Fleetflow's condition after another agent tried to take the cluster's name. */
  public static final String CONDITION_NAME_CONFLICT = "fleetflow.io/NameConflict";

  /** When a pending join request expires, as an annotation operators can read. */
  public static final String EXPIRES_AT = "fleetflow.io/join-request-expires-at";

  /** OCM's record that an auto-approval rule accepted the cluster. */
  public static final String AUTO_ACCEPTED_ON =
      "open-cluster-management.io/automatically-accepted-on";

  private static final Logger log = Workflow.getLogger(ManagedClusterWorkflowImpl.class);

  private final ManagedClusterState state;
  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private final PlacementNotices placementNotices = new PlacementNotices();
  private RegistrationPolicy policy = RegistrationPolicy.DEFAULTS;
  private boolean dirty;

  /** The takeover child running now, or null; it never outlives a run of this workflow. */
  private TakeoverRun running;

  /** Whether the release that deletion requires has ended. */
  private boolean releasedForDeletion;

  /** When a failed install may be tried again, in epoch milliseconds, or 0. */
  private long installRetryAtMillis;

  @WorkflowInit
  public ManagedClusterWorkflowImpl(ManagedClusterState carried) {
    this.state = carried != null ? carried : new ManagedClusterState();
  }

  @Override
  public void run(ManagedClusterState carried) {
    if (!Waits.until(
        CREATION_WAIT, "wait for the first join or create", () -> state.cluster != null)) {
      return;
    }
    Workflow.getVersion(ONBOARDING, 1, 1);
    policy = registration().policy();
    Workflow.getVersion(TAKEOVER, TAKEOVER_IN_BACKGROUND, TAKEOVER_IN_BACKGROUND);
    while (true) {
      health().syncTaints(EntityClock.now());
      joinDefaultSetIfNone();
      publish();
      placementNotices.afterClusterChange(state.cluster);
      if (running != null && running.ended()) {
        finishTakeover();
        continue;
      }
      if (running != null) {
        running.forward(forceReason());
      }
      if (state.cluster.getMetadata().getDeletionTimestamp() != null) {
        if (!releasedForDeletion) {
          // A running install ends first; then the release runs, while leases still count.
          if (running == null) {
            startRelease(true);
            continue;
          }
          awaitNextEvent();
          continue;
        }
        log.info("ManagedCluster {} deleted", name());
        return;
      }
      if (pending()) {
        if (!state.autoApprovalEvaluated && state.agentIdentity != null) {
          autoApprove();
        } else if (!awaitDecision()) {
          expire();
          return;
        }
        continue;
      }
      if (accepted() && !state.joinConfirmed) {
        confirmJoin();
        health().syncTaints(EntityClock.now());
        publish();
        if (!state.joinConfirmed) {
          Waits.until(AGENT_RETRY_DELAY, "ask the agent of " + name() + " again", () -> dirty);
          dirty = false;
          continue;
        }
      }
      if (running == null && installDue()) {
        startInstall();
        continue;
      }
      if (running == null && !accepted() && state.takeover.takenOver) {
        startRelease(false);
        continue;
      }
      awaitNextEvent();
      dirty = false;
      if (Workflow.getInfo().isContinueAsNewSuggested() && running == null) {
        // A child does not move to the next run, so the cluster continues as new only between
        // takeover runs.
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state);
      }
    }
  }

  /**
   * Waits for the next thing to do: a change (dirty), the end of a takeover run, or the earliest of
   * the lease expiry, the automatic removal and an install retry, each on its labelled timer.
   */
  private void awaitNextEvent() {
    Duration lease = leaseTimeLeft();
    Duration removal = autoRemovalIn();
    Duration retry = installRetryIn();
    Duration timeout = lease;
    String summary = "lease of " + name() + " expires";
    if (removal != null && (timeout == null || removal.compareTo(timeout) < 0)) {
      timeout = removal;
      summary = "remove " + name() + " unless its agent returns";
    }
    if (retry != null && (timeout == null || retry.compareTo(timeout) < 0)) {
      timeout = retry;
      summary = "retry the takeover of " + name();
    }
    if (timeout == null) {
      Workflow.await(
          () ->
              dirty
                  || (running != null && running.ended())
                  || (running == null && Workflow.getInfo().isContinueAsNewSuggested()));
    } else if (!Waits.until(
        timeout, summary, () -> dirty || (running != null && running.ended()))) {
      if (lease != null) {
        expireLeaseIfDue();
      }
      if (removal != null) {
        autoRemove();
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

  /** Records an event; a repeat of the last one only counts up, as Kubernetes does. */
  private void event(String type, String reason, String message) {
    String now = EntityClock.now().toString();
    List<ClusterEvent> events = state.events;
    if (!events.isEmpty()) {
      ClusterEvent last = events.get(events.size() - 1);
      if (last.reason().equals(reason) && last.message().equals(message)) {
        events.set(
            events.size() - 1,
            new ClusterEvent(type, reason, message, last.firstTime(), now, last.count() + 1));
        return;
      }
    }
    events.add(new ClusterEvent(type, reason, message, now, now, 1));
    if (events.size() > ClusterEvent.KEPT) {
      events.remove(0);
    }
  }

  @Override
  public void validateJoin(JoinRequest request) {
    if (request.identity() == null || request.identity().isBlank()) {
      throw EntityFailures.of(EntityFailures.FORBIDDEN, "a join request must carry an identity");
    }
    if (state.cluster != null && state.cluster.getMetadata().getDeletionTimestamp() != null) {
      throw EntityFailures.of(
          EntityFailures.FORBIDDEN,
          "ManagedCluster \"" + request.clusterName() + "\" is being deleted; join again later");
    }
    List<FieldError> errors =
        ClusterClaims.check(request.info() == null ? null : request.info().claims());
    if (!errors.isEmpty()) {
      throw EntityFailures.invalid("ManagedCluster", request.clusterName(), errors);
    }
  }

  @Override
  public JoinResponse join(JoinRequest request) {
    Instant now = EntityClock.now();
    if (state.agentIdentity != null && !state.agentIdentity.equals(request.identity())) {
      // Recorded before refusing, so operators see the attempt on the cluster it aimed at; the
      // cluster's own agent is not disturbed.
      setCondition(
          CONDITION_NAME_CONFLICT,
          Conditions.TRUE,
          "AnotherAgentClaimedTheName",
          "An agent with identity "
              + request.identity()
              + " tried to join as "
              + request.clusterName()
              + " at "
              + now
              + " and was refused; the name belongs to "
              + state.agentIdentity);
      event(
          "Warning",
          "DuplicateNameRefused",
          "An agent with identity "
              + request.identity()
              + " tried to join under this name and was refused");
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "the name \""
              + request.clusterName()
              + "\" is taken by another agent (identity "
              + state.agentIdentity
              + "); join under another name, or delete the ManagedCluster first");
    }
    if (state.cluster == null) {
      ManagedCluster cluster = new ManagedCluster();
      cluster.setMetadata(new ObjectMeta());
      cluster.getMetadata().setName(request.clusterName());
      cluster.setSpec(new ManagedClusterSpec());
      ObjectChanges.stampNew(cluster, now, Workflow.randomUUID().toString());
      cluster.setStatus(new ManagedClusterStatus());
      state.cluster = cluster;
      state.joinRequestedMillis = now.toEpochMilli();
    }
    state.agentIdentity = request.identity();
    if (request.clientConfigs() != null && !request.clientConfigs().isEmpty()) {
      state.cluster.getSpec().setManagedClusterClientConfigs(request.clientConfigs());
    }
    recordFacts(request.info());
    ObjectChanges.bump(state.cluster);
    dirty = true;
    return new JoinResponse(
        accepted(),
        state.cluster.getSpec().effectiveLeaseDurationSeconds(),
        accepted()
            ? "accepted by the hub"
            : "waiting for an operator to accept the cluster (spec.hubAcceptsClient)");
  }

  @Override
  public void validateCreate(ManagedCluster cluster, Actor actor) {
    ObjectChanges.checkCreate(Kinds.MANAGED_CLUSTER, state.cluster, cluster);
  }

  @Override
  public ManagedCluster create(ManagedCluster cluster, Actor actor) {
    Instant now = EntityClock.now();
    ObjectChanges.stampNew(cluster, now, Workflow.randomUUID().toString());
    cluster.setStatus(new ManagedClusterStatus());
    stampTaints(List.of(), cluster.getSpec(), now);
    state.cluster = cluster;
    state.joinRequestedMillis = now.toEpochMilli();
    if (cluster.getSpec().isHubAcceptsClient()) {
      recordDecision(true, actor, now);
    }
    dirty = true;
    return state.cluster;
  }

  @Override
  public void validateApply(ManagedCluster cluster, Actor actor) {
    ObjectChanges.checkReplace(Kinds.MANAGED_CLUSTER, state.cluster, cluster);
  }

  @Override
  public ManagedCluster apply(ManagedCluster proposed, Actor actor) {
    Instant now = EntityClock.now();
    boolean wasAccepted = accepted();
    steerTakeover(proposed, actor, now);
    stampTaints(state.cluster.getSpec().getTaints(), proposed.getSpec(), now);
    ObjectChanges.applyChange(state.cluster, proposed);
    if (accepted() != wasAccepted) {
      recordDecision(accepted(), actor, now);
    }
    dirty = true;
    return state.cluster;
  }

  @Override
  public ManagedCluster delete(Actor actor) {
    if (state.cluster == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "managedclusters not found");
    }
    log.info("ManagedCluster {} deletion requested by {}", name(), actor.user());
    ObjectChanges.markDeleting(state.cluster, EntityClock.now());
    dirty = true;
    return state.cluster;
  }

  @Override
  public void takeoverProfileChanged(long generation) {
    if (state.cluster != null && accepted()) {
      state.takeover.pending = true;
      dirty = true;
    }
  }

  @Override
  public void takeoverProgress(TakeoverProgress progress) {
    if (state.cluster == null) {
      return;
    }
    state.takeover.progress = progress;
    String message =
        progress.step()
            + "; "
            + progress.resourcesRemaining()
            + " takeover resources and "
            + progress.worksRemaining()
            + " ManifestWorks remain"
            + (progress.waiting() == null ? "" : ". Waiting: " + progress.waiting());
    if (progress.release() && state.cluster.getMetadata().getDeletionTimestamp() != null) {
      setCondition(
          Takeover.CONDITION_DELETING,
          Conditions.TRUE,
          Takeover.REASON_RESOURCE_REMAINING,
          message);
    } else if (progress.release() || !accepted()) {
      // An install that was running when the cluster was denied still shows Releasing, since the
      // release follows it and the agent must keep taking work until then.
      setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          Conditions.FALSE,
          Takeover.REASON_RELEASING,
          progress.release()
              ? message
              : "Denied; the release follows the install that is still running (" + message + ")");
    } else if (state.takeover.installedGeneration == 0) {
      setCondition(Takeover.CONDITION_TAKEN_OVER, Conditions.FALSE, "Installing", message);
    } else {
      setCondition(Takeover.CONDITION_TAKEN_OVER, Conditions.TRUE, "Updating", message);
    }
  }

  @Override
  public void renewLease(LeaseRenewal renewal) {
    if (state.cluster == null || !Objects.equals(renewal.identity(), state.agentIdentity)) {
      return;
    }
    state.lastLeaseRenewalMillis = Workflow.currentTimeMillis();
    if (accepted() && state.joinConfirmed) {
      Instant now = EntityClock.now();
      boolean wasUnknown = health().isUnknown();
      boolean changed = health().renewed(renewal, now);
      if (changed && wasUnknown) {
        event("Normal", "ClusterAvailable", "The agent renews its lease again");
      } else if (changed && !renewal.apiServerHealthy()) {
        event("Warning", "ClusterUnavailable", "The agent cannot reach its API server");
      }
      dirty |= changed | health().syncTaints(now);
    }
  }

  /** Waits for a decision until the request expires; returns false when it expired. */
  private boolean awaitDecision() {
    if (state.joinRequestedMillis == 0) {
      // Clusters registered before requests could expire count from their creation.
      state.joinRequestedMillis =
          Instant.parse(state.cluster.getMetadata().getCreationTimestamp()).toEpochMilli();
    }
    Instant expiresAt =
        Instant.ofEpochMilli(state.joinRequestedMillis)
            .plusSeconds(policy.joinRequestExpirySeconds());
    Instant now = EntityClock.now();
    annotate(EXPIRES_AT, expiresAt.toString());
    setCondition(
        CONDITION_JOIN_PENDING,
        Conditions.TRUE,
        "WaitingForDecision",
        "Waiting for an operator to accept or deny the cluster; the request expires at "
            + expiresAt);
    publish();
    if (!now.isBefore(expiresAt)) {
      return false;
    }
    Waits.until(
        Duration.between(now, expiresAt),
        "join request of " + name() + " expires",
        () -> dirty || !pending());
    dirty = false;
    return pending() ? EntityClock.now().isBefore(expiresAt) : true;
  }

  private void expire() {
    log.info("the join request of {} expired without a decision", name());
    setCondition(
        CONDITION_JOIN_PENDING,
        Conditions.FALSE,
        "JoinRequestExpired",
        "Nobody accepted or denied the cluster within "
            + Duration.ofSeconds(policy.joinRequestExpirySeconds())
            + "; its agent may ask again");
    ObjectChanges.markDeleting(state.cluster, EntityClock.now());
    searchAttributes.set(FleetflowSearchAttributes.PHASE, "Expired").publish();
    Workflow.setCurrentDetails("**" + name() + "**: the join request expired without a decision.");
  }

  /** Labels a cluster that names no set into OCM's {@code default} set, as OCM's webhook does. */
  private void joinDefaultSetIfNone() {
    Map<String, String> labels = state.cluster.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(ManagedClusterSet.SET_LABEL)) {
      Map<String, String> updated = labels == null ? new HashMap<>() : new HashMap<>(labels);
      updated.put(ManagedClusterSet.SET_LABEL, ManagedClusterSet.DEFAULT);
      state.cluster.getMetadata().setLabels(updated);
      ObjectChanges.bump(state.cluster);
    }
  }

  private void autoApprove() {
    state.autoApprovalEvaluated = true;
    Map<String, String> claims =
        state.cluster.getStatus().getClusterClaims().stream()
            .collect(Collectors.toMap(ClusterClaim::name, ClusterClaim::value, (a, b) -> a));
    Optional<AutoApprovalRule> rule = policy.autoApprovalFor(state.agentIdentity, claims);
    if (rule.isEmpty()) {
      return;
    }
    Instant now = EntityClock.now();
    state.cluster.getSpec().setHubAcceptsClient(true);
    state.cluster.getMetadata().setGeneration(state.cluster.getMetadata().getGeneration() + 1);
    annotate(AUTO_ACCEPTED_ON, now.toString());
    recordDecision(
        true,
        Actor.system("auto-approval", "auto-approval rule \"" + rule.get().name() + "\""),
        now);
  }

  private void confirmJoin() {
    AgentActivities agent =
        AgentStubs.forCluster(
            name(),
            "describe "
                + name()
                + ": its agent confirms the join from task queue "
                + AgentActivities.taskQueue(name()),
            AGENT_PICKUP_TIMEOUT);
    Instant now = EntityClock.now();
    try {
      ClusterInfo info = agent.describeCluster();
      recordFacts(info);
      state.joinConfirmed = true;
      state.lastLeaseRenewalMillis = Workflow.currentTimeMillis();
      setCondition(
          CONDITION_JOINED, Conditions.TRUE, "ManagedClusterJoined", "Managed cluster joined");
      health().available(now);
      state.takeover.pending = true;
      event(
          "Normal",
          "ClusterJoined",
          "The agent picked up work from " + AgentActivities.taskQueue(name()));
    } catch (ActivityFailure e) {
      health()
          .notPolling(
              now,
              "The agent of "
                  + name()
                  + " did not pick up work from task queue "
                  + AgentActivities.taskQueue(name())
                  + " within "
                  + AGENT_PICKUP_TIMEOUT.toSeconds()
                  + "s; retrying every "
                  + AGENT_RETRY_DELAY.toSeconds()
                  + "s");
    }
  }

  /**
   * Reads the operator's takeover annotations from a change: a new retry value retries a failed
   * install, a force-release reason orphans what a release cannot remove, and a new cluster set
   * reinstalls with that set's overrides.
   */
  private void steerTakeover(ManagedCluster proposed, Actor actor, Instant now) {
    TakeoverState t = state.takeover;
    String retry = annotationOf(proposed, Takeover.RETRY_ANNOTATION);
    if (retry != null
        && !retry.equals(annotationOf(state.cluster, Takeover.RETRY_ANNOTATION))
        && t.takenOver) {
      t.pending = true;
      event("Normal", "TakeoverRetried", actor.user() + " asked to retry the takeover");
    }
    String force = annotationOf(proposed, Takeover.FORCE_RELEASE_ANNOTATION);
    if (force != null
        && !force.isBlank()
        && !force.equals(annotationOf(state.cluster, Takeover.FORCE_RELEASE_ANNOTATION))) {
      t.forced = new TakeoverState.ForcedRelease(actor.user(), force, now.toString());
      event(
          "Warning",
          "ReleaseForced",
          actor.user() + " forced the release, orphaning what cannot be removed: " + force);
    }
    if (t.takenOver && !Objects.equals(setOf(proposed), setOf(state.cluster))) {
      t.pending = true;
    }
  }

  /** Returns true when an install should run now. */
  private boolean installDue() {
    return installWanted() && Workflow.currentTimeMillis() >= installRetryAtMillis;
  }

  /** Returns true when an install should run, now or after the retry delay. */
  private boolean installWanted() {
    return accepted()
        && state.joinConfirmed
        && state.takeover.pending
        && !health().isUnknown()
        && state.cluster.getMetadata().getDeletionTimestamp() == null;
  }

  /**
   * Starts installing the profile's resources for the cluster's set in a child workflow. Without a
   * profile nothing is taken over and nothing starts.
   *
   * @return true when a child started
   */
  private boolean startInstall() {
    TakeoverState t = state.takeover;
    t.pending = false;
    installRetryAtMillis = 0;
    ClusterTakeoverProfile profile =
        takeoverHub("read the takeover profile for " + name())
            .profile(ClusterTakeoverProfile.DEFAULT);
    if (profile == null && !t.takenOver) {
      return false;
    }
    String set = setOf(state.cluster);
    List<GenericKubernetesResource> desired =
        profile == null ? List.of() : TakeoverResources.forClusterSet(profile.getSpec(), set);
    long generation = profile == null ? 0 : profile.getMetadata().getGeneration();
    t.takenOver = true;
    startTakeover(
        new TakeoverRequest(name(), false, generation, desired, t.installed, null),
        "install "
            + desired.size()
            + " resources of takeover profile generation "
            + generation
            + " on "
            + name(),
        false,
        set);
    return true;
  }

  /**
   * Records what an install left installed and sets {@code fleetflow.io/TakenOver}. An install that
   * ends after the cluster was denied or deleted leaves the condition to the release that follows.
   */
  private void finishInstall(TakeoverRun run, TakeoverResult result) {
    TakeoverState t = state.takeover;
    t.installed = new ArrayList<>(result.installed());
    if (!accepted() || state.cluster.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    long generation = run.request.profileGeneration();
    if (result.completed()) {
      t.installedGeneration = generation;
      t.failure = null;
      setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          Conditions.TRUE,
          "TakeoverComplete",
          run.request.desired().size()
              + " resources of takeover profile "
              + ClusterTakeoverProfile.DEFAULT
              + " generation "
              + generation
              + (run.clusterSet == null ? "" : " (set " + run.clusterSet + ")")
              + " are installed; the hub manages the cluster");
      event("Normal", "TakenOver", "Installed generation " + generation + " of the profile");
    } else if (result.unreachable()) {
      t.pending = true;
      setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          t.installedGeneration == 0 ? Conditions.FALSE : Conditions.TRUE,
          "ClusterUnreachable",
          "Stopped at " + result.failedResource() + ": " + result.failure() + "; trying again");
      publish();
      installRetryAtMillis = Workflow.currentTimeMillis() + AGENT_RETRY_DELAY.toMillis();
    } else {
      t.failure = result.failedResource() + ": " + result.failure();
      setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          Conditions.FALSE,
          "InstallFailed",
          result.failedResource()
              + " keeps failing: "
              + result.failure()
              + ". Fix the cause, then set the annotation "
              + Takeover.RETRY_ANNOTATION
              + " to a new value to try again");
      event("Warning", "TakeoverFailed", t.failure);
    }
  }

  /** Returns how long until an install stopped by an unreachable cluster is tried again. */
  private Duration installRetryIn() {
    if (installRetryAtMillis == 0 || !installWanted()) {
      return null;
    }
    return Duration.ofMillis(Math.max(0, installRetryAtMillis - Workflow.currentTimeMillis()));
  }

  /**
   * Starts releasing the cluster in a child workflow: add-ons, ManifestWorks, then the takeover
   * resources in reverse order. On deletion, OCM's {@code Deleting} condition shows what remains;
   * the cluster's workflow ends only after the release ended.
   */
  private void startRelease(boolean deleting) {
    TakeoverState t = state.takeover;
    setCondition(
        Takeover.CONDITION_TAKEN_OVER,
        Conditions.FALSE,
        Takeover.REASON_RELEASING,
        "Removing add-ons, ManifestWorks, then " + t.installed.size() + " takeover resources");
    if (deleting) {
      setCondition(
          Takeover.CONDITION_DELETING,
          Conditions.TRUE,
          Takeover.REASON_RESOURCE_REMAINING,
          "Removing add-ons, ManifestWorks, then " + t.installed.size() + " takeover resources");
    }
    publish();
    startTakeover(
        new TakeoverRequest(name(), true, 0, List.of(), t.installed, forceReason()),
        "release " + name() + ": ManifestWorks, then " + t.installed.size() + " resources",
        deleting,
        null);
  }

  /** Records a release's outcome: what was removed and what a forced release left behind. */
  private void finishRelease(TakeoverRun run, TakeoverResult result) {
    TakeoverState t = state.takeover;
    t.installed = new ArrayList<>();
    t.takenOver = false;
    t.installedGeneration = 0;
    // A cluster accepted again while its release ran is taken over again once the release ended.
    t.pending = accepted() && state.joinConfirmed;
    String outcome =
        result.orphaned().isEmpty()
            ? "Everything Fleetflow installed was removed"
            : "Forced by "
                + t.forced.user()
                + " at "
                + t.forced.time()
                + " ("
                + t.forced.reason()
                + "); left on the cluster: "
                + String.join(", ", result.orphaned());
    setCondition(
        Takeover.CONDITION_TAKEN_OVER,
        Conditions.FALSE,
        result.orphaned().isEmpty() ? "Released" : "ReleasedWithOrphans",
        outcome);
    if (run.deleting) {
      releasedForDeletion = true;
      setCondition(
          Takeover.CONDITION_DELETING, Conditions.TRUE, Takeover.REASON_NO_RESOURCE, outcome);
    }
    event(result.orphaned().isEmpty() ? "Normal" : "Warning", "Released", outcome);
    publish();
  }

  /** Starts one takeover child without waiting for it. */
  private void startTakeover(
      TakeoverRequest request, String summary, boolean deleting, String clusterSet) {
    String id =
        Kinds.MANAGED_CLUSTER.workflowId(null, name())
            + (request.release() ? "/release" : "/takeover");
    ClusterTakeoverWorkflow child =
        Workflow.newChildWorkflowStub(
            ClusterTakeoverWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(EntityOperations.HUB_TASK_QUEUE)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(FleetflowSearchAttributes.KIND, "ClusterTakeover")
                        .set(FleetflowSearchAttributes.CLUSTER, name())
                        .build())
                .setStaticSummary(summary)
                .build());
    Promise<TakeoverResult> result = Async.function(child::run, request);
    running = new TakeoverRun(request, id, child, result, deleting, clusterSet);
  }

  /** Handles the end of the running child as an event. */
  private void finishTakeover() {
    TakeoverRun run = running;
    running = null;
    TakeoverResult result = run.result.get();
    if (run.request.release()) {
      finishRelease(run, result);
    } else {
      finishInstall(run, result);
    }
  }

  private String forceReason() {
    return state.takeover.forced == null ? null : state.takeover.forced.reason();
  }

  /**
   * Returns how long until an accepted cluster whose agent stopped renewing its lease is removed
   * automatically, or null when the policy or the cluster's state rules it out.
   */
  private Duration autoRemovalIn() {
    long after = policy.autoRemovalAfterSeconds();
    if (after <= 0
        || state.cluster.getMetadata().getDeletionTimestamp() != null
        || !accepted()
        || !state.joinConfirmed
        || !health().isUnknown()
        || state.lastLeaseRenewalMillis == 0) {
      return null;
    }
    long due = state.lastLeaseRenewalMillis + after * 1000;
    return Duration.ofMillis(Math.max(0, due - Workflow.currentTimeMillis()));
  }

  /** Releases and removes a cluster whose agent stayed away too long, recording the decision. */
  private void autoRemove() {
    if (autoRemovalIn() == null || !autoRemovalIn().isZero()) {
      return;
    }
    Instant now = EntityClock.now();
    String reason =
        "the agent renewed no lease for more than "
            + Duration.ofSeconds(policy.autoRemovalAfterSeconds())
            + "; the cluster is taken to be gone";
    Actor actor = Actor.system("auto-removal", reason);
    state.decisions.add(new Decision(false, actor, now.toString()));
    state.takeover.forced = new TakeoverState.ForcedRelease(actor.user(), reason, now.toString());
    event("Warning", "ClusterRemovedAutomatically", reason);
    ObjectChanges.markDeleting(state.cluster, now);
  }

  private static String setOf(ManagedCluster cluster) {
    Map<String, String> labels = cluster.getMetadata().getLabels();
    return labels == null ? null : labels.get(ManagedClusterSet.SET_LABEL);
  }

  private static String annotationOf(ManagedCluster cluster, String key) {
    Map<String, String> annotations = cluster.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static TakeoverActivities takeoverHub(String summary) {
    return HubStubs.of(TakeoverActivities.class, summary, Duration.ofSeconds(30));
  }

  private Duration leaseTimeLeft() {
    if (!accepted() || !state.joinConfirmed || health().isUnknown()) {
      return null;
    }
    long expiry = state.lastLeaseRenewalMillis + health().grace().toMillis();
    return Duration.ofMillis(Math.max(0, expiry - Workflow.currentTimeMillis()));
  }

  private void expireLeaseIfDue() {
    if (Workflow.currentTimeMillis() >= state.lastLeaseRenewalMillis + health().grace().toMillis()
        && health().leaseExpired(EntityClock.now())) {
      event(
          "Warning",
          "ClusterUnreachable",
          "No lease renewal for " + health().grace().toSeconds() + "s; the cluster is Unknown");
    }
  }

  /**
   * Gives new taints the time they were added and keeps it on taints that stay, since the hub, not
   * the client, owns {@code timeAdded}; the built-in taints are the hub's and stay as they are.
   */
  private static void stampTaints(List<Taint> current, ManagedClusterSpec proposed, Instant now) {
    List<Taint> stamped =
        new ArrayList<>(current.stream().filter(BuiltInTaints::isBuiltIn).toList());
    List<Taint> requested = proposed.getTaints() == null ? List.of() : proposed.getTaints();
    for (Taint taint : requested) {
      if (BuiltInTaints.isBuiltIn(taint)) {
        // The hub's own taints stay as the hub set them, whatever the client sent.
        continue;
      }
      String timeAdded =
          current.stream()
              .filter(t -> BuiltInTaints.sameTaint(t, taint))
              .map(Taint::timeAdded)
              .findFirst()
              .orElse(now.toString());
      stamped.add(new Taint(taint.key(), taint.value(), taint.effect(), timeAdded));
    }
    proposed.setTaints(stamped);
  }

  private void recordDecision(boolean accepted, Actor actor, Instant now) {
    state.decisions.add(new Decision(accepted, actor, now.toString()));
    String why = actor.reason() == null || actor.reason().isBlank() ? "" : ": " + actor.reason();
    event(
        "Normal",
        accepted ? "ClusterAccepted" : "ClusterDenied",
        (accepted ? "Accepted by " : "Denied by ") + actor.user() + why);
    setCondition(
        CONDITION_JOIN_PENDING,
        Conditions.FALSE,
        accepted ? "Accepted" : "Denied",
        (accepted ? "Accepted" : "Denied") + " by " + actor.user() + " at " + now);
    if (accepted) {
      setCondition(
          CONDITION_HUB_ACCEPTED,
          Conditions.TRUE,
          "HubClusterAdminAccepted",
          "Accepted by " + actor.user() + " at " + now + why);
    } else {
      setCondition(
          CONDITION_HUB_ACCEPTED,
          Conditions.FALSE,
          "HubClusterAdminDenied",
          "Denied by " + actor.user() + " at " + now + why);
      setCondition(
          CONDITION_JOINED,
          Conditions.FALSE,
          "HubClusterAdminDenied",
          "The hub denied the cluster");
      if (state.joinConfirmed) {
        health().denied(now);
      }
      if (state.takeover.takenOver) {
        // Shown at once, so the agent keeps taking the release's work from the moment of the deny.
        setCondition(
            Takeover.CONDITION_TAKEN_OVER,
            Conditions.FALSE,
            Takeover.REASON_RELEASING,
            "Denied by "
                + actor.user()
                + "; the hub removes its add-ons, ManifestWorks and takeover resources");
      }
    }
    state.joinConfirmed = false;
  }

  private void recordFacts(ClusterInfo info) {
    if (info == null) {
      return;
    }
    ManagedClusterStatus status = state.cluster.getStatus();
    status.setVersion(new ManagedClusterStatus.Version(info.kubernetesVersion()));
    status.setCapacity(info.capacity());
    status.setAllocatable(info.allocatable());
    status.setClusterClaims(ClusterClaims.ordered(info.claims()));
  }

  private void annotate(String key, String value) {
    Map<String, String> annotations = state.cluster.getMetadata().getAnnotations();
    if (annotations == null) {
      annotations = new HashMap<>();
      state.cluster.getMetadata().setAnnotations(annotations);
    }
    if (!value.equals(annotations.put(key, value))) {
      ObjectChanges.bump(state.cluster);
    }
  }

  private boolean setCondition(String type, String status, String reason, String message) {
    boolean changed =
        Conditions.set(
            state.cluster.getStatus().getConditions(),
            type,
            status,
            reason,
            message,
            EntityClock.now(),
            null);
    if (changed) {
      ObjectChanges.bump(state.cluster);
    }
    return changed;
  }

  private ClusterHealth health() {
    return new ClusterHealth(state.cluster, policy.leaseGraceMultiplier());
  }

  private static RegistrationActivities registration() {
    return HubStubs.of(
        RegistrationActivities.class, "read the hub's registration policy", Duration.ofSeconds(10));
  }

  private boolean pending() {
    return !accepted() && state.decisions.isEmpty();
  }

  private boolean accepted() {
    return state.cluster != null && state.cluster.getSpec().isHubAcceptsClient();
  }

  private String name() {
    return state.cluster.getMetadata().getName();
  }

  private String phase() {
    if (state.cluster.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    if (!accepted()) {
      return state.decisions.isEmpty() ? "PendingApproval" : "Denied";
    }
    if (!state.joinConfirmed) {
      return "Joining";
    }
    return Conditions.find(state.cluster.getStatus().getConditions(), CONDITION_AVAILABLE)
        .map(
            c ->
                switch (c.getStatus()) {
                  case Conditions.TRUE -> "Available";
                  case Conditions.FALSE -> "Unavailable";
                  default -> "Unknown";
                })
        .orElse("Joining");
  }

  private void publish() {
    String phase = phase();
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
        .set(FleetflowSearchAttributes.CLUSTER, name())
        .set(FleetflowSearchAttributes.CLUSTER_LABELS, new ArrayList<>(labelPairs))
        .publish();
    StringBuilder details = new StringBuilder();
    details.append("**").append(name()).append("** is ").append(phase).append("\n\n");
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
