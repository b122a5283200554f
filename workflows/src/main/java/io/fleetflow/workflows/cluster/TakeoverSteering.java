package io.fleetflow.workflows.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.model.takeover.TakeoverResources;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.takeover.ClusterTakeoverWorkflow;
import io.fleetflow.workflows.takeover.TakeoverProgress;
import io.fleetflow.workflows.takeover.TakeoverRequest;
import io.fleetflow.workflows.takeover.TakeoverResult;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Steers a cluster's takeover: installs the takeover profile once the cluster is accepted and its
 * agent joined (again on a profile change, a set change or an operator's retry), releases it on
 * deny and deletion (add-ons, ManifestWorks, then the installed resources, in the child {@code
 * ManagedCluster/<name>/release}), passes a forced release on, and removes a cluster whose agent
 * stayed away longer than the policy allows. Each install or release is a child workflow that runs
 * in the background; the cluster's loop asks {@link #childEnded()} and hands its end back with
 * {@link #finishChild()}. All but the starting of children and the profile read is free of Temporal
 * calls.
 */
final class TakeoverSteering {
  /** How long to wait before trying an install stopped by an unreachable cluster again. */
  static final Duration INSTALL_RETRY_DELAY = ClusterRegistration.AGENT_RETRY_DELAY;

  private final ClusterRecord record;
  private final ClusterHealth health;
  private final Supplier<RegistrationPolicy> policy;
  private final Runnable publish;

  /** The takeover child running now, or null; it never outlives a run of this workflow. */
  private TakeoverRun running;

  /** Whether the release that deletion requires has ended. */
  private boolean releasedForDeletion;

  /** When a failed install may be tried again, in epoch milliseconds, or 0. */
  private long installRetryAtMillis;

  /**
   * @param publish publishes the cluster's phase and details, which some steps do before a child
   *     starts
   */
  TakeoverSteering(
      ClusterRecord record,
      ClusterHealth health,
      Supplier<RegistrationPolicy> policy,
      Runnable publish) {
    this.record = record;
    this.health = health;
    this.policy = policy;
    this.publish = publish;
  }

  private TakeoverState takeover() {
    return record.state().takeover;
  }

  // Handlers: what an update or signal tells the takeover.

  /**
   * Reads the operator's takeover annotations from a change: a new retry value retries a failed
   * install, a force-release reason orphans what a release cannot remove, and a new cluster set
   * reinstalls with that set's overrides.
   */
  void steer(ManagedCluster proposed, Actor actor) {
    TakeoverState t = takeover();
    ManagedCluster current = record.cluster();
    String retry = ClusterRecord.annotationOf(proposed, Takeover.RETRY_ANNOTATION);
    if (retry != null
        && !retry.equals(ClusterRecord.annotationOf(current, Takeover.RETRY_ANNOTATION))
        && t.takenOver) {
      t.pending = true;
      record.event("Normal", "TakeoverRetried", actor.user() + " asked to retry the takeover");
    }
    String force = ClusterRecord.annotationOf(proposed, Takeover.FORCE_RELEASE_ANNOTATION);
    if (force != null
        && !force.isBlank()
        && !force.equals(ClusterRecord.annotationOf(current, Takeover.FORCE_RELEASE_ANNOTATION))) {
      t.forced = new TakeoverState.ForcedRelease(actor.user(), force, record.now().toString());
      record.event(
          "Warning",
          "ReleaseForced",
          actor.user() + " forced the release, orphaning what cannot be removed: " + force);
    }
    if (t.takenOver
        && !Objects.equals(ClusterRecord.setOf(proposed), ClusterRecord.setOf(current))) {
      t.pending = true;
    }
  }

  /**
   * Shows a deny at once on a cluster that was taken over, so the agent keeps taking the release's
   * work from the moment of the deny.
   */
  void denied(Actor actor) {
    if (takeover().takenOver) {
      record.setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          Conditions.FALSE,
          Takeover.REASON_RELEASING,
          "Denied by "
              + actor.user()
              + "; the hub removes its add-ons, ManifestWorks and takeover resources");
    }
  }

  /** The agent confirmed its join: the profile is installed (again). */
  void clusterJoined() {
    takeover().pending = true;
  }

  /**
   * The takeover profile changed: an accepted cluster installs from it again.
   *
   * @return true when the cluster's loop should look again
   */
  boolean profileChanged() {
    if (record.cluster() == null || !record.accepted()) {
      return false;
    }
    takeover().pending = true;
    return true;
  }

  /** Shows a step the running install or release reported. */
  void progress(TakeoverProgress progress) {
    if (record.cluster() == null) {
      return;
    }
    takeover().progress = progress;
    String message =
        progress.step()
            + "; "
            + progress.resourcesRemaining()
            + " takeover resources and "
            + progress.worksRemaining()
            + " ManifestWorks remain"
            + (progress.waiting() == null ? "" : ". Waiting: " + progress.waiting());
    if (progress.release() && record.deleting()) {
      record.setCondition(
          Takeover.CONDITION_DELETING,
          Conditions.TRUE,
          Takeover.REASON_RESOURCE_REMAINING,
          message);
    } else if (progress.release() || !record.accepted()) {
      // An install that was running when the cluster was denied still shows Releasing, since the
      // release follows it and the agent must keep taking work until then.
      record.setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          Conditions.FALSE,
          Takeover.REASON_RELEASING,
          progress.release()
              ? message
              : "Denied; the release follows the install that is still running (" + message + ")");
    } else if (takeover().installedGeneration == 0) {
      record.setCondition(Takeover.CONDITION_TAKEN_OVER, Conditions.FALSE, "Installing", message);
    } else {
      record.setCondition(Takeover.CONDITION_TAKEN_OVER, Conditions.TRUE, "Updating", message);
    }
  }

  // The loop's questions and steps.

  /** Returns true while an install or release child runs. */
  boolean running() {
    return running != null;
  }

  /** Returns true when the running child has ended and its end waits to be handled. */
  boolean childEnded() {
    return running != null && running.ended();
  }

  /** Passes a forced release on to the running release child. */
  void forwardForce() {
    if (running != null) {
      running.forward(forceReason());
    }
  }

  /** Returns true once the release that deletion requires has ended. */
  boolean releasedForDeletion() {
    return releasedForDeletion;
  }

  /** Returns true when an install should start now. */
  boolean installDue() {
    return running == null
        && installWanted()
        && record.now().toEpochMilli() >= installRetryAtMillis;
  }

  /** Returns true when a denied cluster that was taken over should be released now. */
  boolean releaseDue() {
    return running == null && !record.accepted() && takeover().takenOver;
  }

  /**
   * Returns how long until an install stopped by an unreachable cluster is tried again, or null
   * when none waits.
   */
  Duration installRetryIn() {
    if (installRetryAtMillis == 0 || !installWanted()) {
      return null;
    }
    return Duration.ofMillis(Math.max(0, installRetryAtMillis - record.now().toEpochMilli()));
  }

  /**
   * Returns how long until an accepted cluster whose agent stopped renewing its lease is removed
   * automatically, or null when the policy or the cluster's state rules it out.
   */
  Duration autoRemovalIn() {
    long after = policy.get().autoRemovalAfterSeconds();
    ManagedClusterState state = record.state();
    if (after <= 0
        || record.deleting()
        || !record.accepted()
        || !state.joinConfirmed
        || !health.isUnknown()
        || state.lastLeaseRenewalMillis == 0) {
      return null;
    }
    long due = state.lastLeaseRenewalMillis + after * 1000;
    return Duration.ofMillis(Math.max(0, due - record.now().toEpochMilli()));
  }

  /**
   * Deletes a cluster whose agent stayed away too long, when that time has come: the deletion is
   * recorded as a decision of {@code system:fleetflow:auto-removal} and its release is forced.
   */
  void autoRemoveIfDue() {
    Duration in = autoRemovalIn();
    if (in == null || !in.isZero()) {
      return;
    }
    Instant now = record.now();
    String reason =
        "the agent renewed no lease for more than "
            + Duration.ofSeconds(policy.get().autoRemovalAfterSeconds())
            + "; the cluster is taken to be gone";
    Actor actor = Actor.system("auto-removal", reason);
    record.state().decisions.add(new Decision(false, actor, now.toString()));
    takeover().forced = new TakeoverState.ForcedRelease(actor.user(), reason, now.toString());
    record.event("Warning", "ClusterRemovedAutomatically", reason);
    ObjectChanges.markDeleting(record.cluster(), now);
  }

  /**
   * Starts installing the profile's resources for the cluster's set in a child workflow. Without a
   * profile nothing is taken over and nothing starts.
   */
  void startInstall() {
    TakeoverState t = takeover();
    t.pending = false;
    installRetryAtMillis = 0;
    String name = record.name();
    ClusterTakeoverProfile profile =
        HubStubs.of(
                TakeoverActivities.class,
                "read the takeover profile for " + name,
                Duration.ofSeconds(30))
            .profile(ClusterTakeoverProfile.DEFAULT);
    if (profile == null && !t.takenOver) {
      return;
    }
    String set = ClusterRecord.setOf(record.cluster());
    List<GenericKubernetesResource> desired =
        profile == null ? List.of() : TakeoverResources.forClusterSet(profile.getSpec(), set);
    long generation = profile == null ? 0 : profile.getMetadata().getGeneration();
    t.takenOver = true;
    startChild(
        new TakeoverRequest(name, false, generation, desired, t.installed, null),
        "install "
            + desired.size()
            + " resources of takeover profile generation "
            + generation
            + " on "
            + name,
        false,
        set);
  }

  /**
   * Starts releasing the cluster in a child workflow: add-ons, ManifestWorks, then the takeover
   * resources in reverse order. On deletion, OCM's {@code Deleting} condition shows what remains;
   * the cluster's workflow ends only after the release ended.
   */
  void startRelease(boolean deleting) {
    TakeoverState t = takeover();
    String what =
        "Removing add-ons, ManifestWorks, then " + t.installed.size() + " takeover resources";
    record.setCondition(
        Takeover.CONDITION_TAKEN_OVER, Conditions.FALSE, Takeover.REASON_RELEASING, what);
    if (deleting) {
      record.setCondition(
          Takeover.CONDITION_DELETING, Conditions.TRUE, Takeover.REASON_RESOURCE_REMAINING, what);
    }
    publish.run();
    String name = record.name();
    startChild(
        new TakeoverRequest(name, true, 0, List.of(), t.installed, forceReason()),
        "release " + name + ": ManifestWorks, then " + t.installed.size() + " resources",
        deleting,
        null);
  }

  /** Handles the end of the running child as an event. */
  void finishChild() {
    TakeoverRun run = running;
    running = null;
    TakeoverResult result = run.result.get();
    if (run.request.release()) {
      finishRelease(run.deleting, result);
    } else {
      finishInstall(run.request, run.clusterSet, result);
    }
  }

  /**
   * Records what an install left installed and sets {@code fleetflow.io/TakenOver}. An install that
   * ends after the cluster was denied or deleted leaves the condition to the release that follows.
   */
  void finishInstall(TakeoverRequest request, String clusterSet, TakeoverResult result) {
    TakeoverState t = takeover();
    t.installed = new ArrayList<>(result.installed());
    if (!record.accepted() || record.deleting()) {
      return;
    }
    long generation = request.profileGeneration();
    if (result.completed()) {
      t.installedGeneration = generation;
      t.failure = null;
      record.setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          Conditions.TRUE,
          "TakeoverComplete",
          request.desired().size()
              + " resources of takeover profile "
              + ClusterTakeoverProfile.DEFAULT
              + " generation "
              + generation
              + (clusterSet == null ? "" : " (set " + clusterSet + ")")
              + " are installed; the hub manages the cluster");
      record.event("Normal", "TakenOver", "Installed generation " + generation + " of the profile");
    } else if (result.unreachable()) {
      t.pending = true;
      record.setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          t.installedGeneration == 0 ? Conditions.FALSE : Conditions.TRUE,
          "ClusterUnreachable",
          "Stopped at " + result.failedResource() + ": " + result.failure() + "; trying again");
      publish.run();
      installRetryAtMillis = record.now().toEpochMilli() + INSTALL_RETRY_DELAY.toMillis();
    } else {
      t.failure = result.failedResource() + ": " + result.failure();
      record.setCondition(
          Takeover.CONDITION_TAKEN_OVER,
          Conditions.FALSE,
          "InstallFailed",
          result.failedResource()
              + " keeps failing: "
              + result.failure()
              + ". Fix the cause, then set the annotation "
              + Takeover.RETRY_ANNOTATION
              + " to a new value to try again");
      record.event("Warning", "TakeoverFailed", t.failure);
    }
  }

  /** Records a release's outcome: what was removed and what a forced release left behind. */
  void finishRelease(boolean deleting, TakeoverResult result) {
    TakeoverState t = takeover();
    t.installed = new ArrayList<>();
    t.takenOver = false;
    t.installedGeneration = 0;
    // A cluster accepted again while its release ran is taken over again once the release ended.
    t.pending = record.accepted() && record.state().joinConfirmed;
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
    record.setCondition(
        Takeover.CONDITION_TAKEN_OVER,
        Conditions.FALSE,
        result.orphaned().isEmpty() ? "Released" : "ReleasedWithOrphans",
        outcome);
    if (deleting) {
      releasedForDeletion = true;
      record.setCondition(
          Takeover.CONDITION_DELETING, Conditions.TRUE, Takeover.REASON_NO_RESOURCE, outcome);
    }
    record.event(result.orphaned().isEmpty() ? "Normal" : "Warning", "Released", outcome);
    publish.run();
  }

  /** Returns true when an install should run, now or after the retry delay. */
  private boolean installWanted() {
    return record.accepted()
        && record.state().joinConfirmed
        && takeover().pending
        && !health.isUnknown()
        && !record.deleting();
  }

  private String forceReason() {
    return takeover().forced == null ? null : takeover().forced.reason();
  }

  /** Starts one takeover child without waiting for it. */
  private void startChild(
      TakeoverRequest request, String summary, boolean deleting, String clusterSet) {
    String id =
        Kinds.MANAGED_CLUSTER.workflowId(null, record.name())
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
                        .set(FleetflowSearchAttributes.CLUSTER, record.name())
                        .build())
                .setStaticSummary(summary)
                .build());
    Promise<TakeoverResult> result = Async.function(child::run, request);
    running = new TakeoverRun(request, id, child, result, deleting, clusterSet);
  }
}
