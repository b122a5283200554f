package io.fleetflow.workflows.work;

import static io.fleetflow.model.work.ManifestWork.CONDITION_APPLIED;
import static io.fleetflow.model.work.ManifestWork.CONDITION_AVAILABLE;
import static io.fleetflow.model.work.ManifestWork.CONDITION_DELETING;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.DeleteRequest;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkStatus;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.ChangePublisher;
import io.fleetflow.workflows.entity.CurrentDetails;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityRecord;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.entity.Waits;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Implements {@link ManifestWorkWorkflow}. */
public class ManifestWorkWorkflowImpl implements ManifestWorkWorkflow {
  /** A workflow started by a create that never arrived ends after this long. */
  static final Duration CREATION_WAIT = Duration.ofMinutes(1);

  /** How long to wait before trying an unreachable or failing cluster again. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(15);

  /**
   * The change that answers the agent's {@code clusterChanged} signals by applying the work again.
   * Executions from before it never received the signal.
   */
  static final String CLUSTER_CHANGES = "cluster-changes";

  /**
   * The change that tracks applied resources by UID and ownership: orphaned resources lose the
   * work's ownership on the cluster (one more activity), and resources that leave the spec follow
   * the work's orphaning rules. Executions from before it deleted every resource that left the spec
   * and sent nothing for orphans.
   */
  static final String WORK_OWNERSHIP = "work-ownership";

  /** The change that deletes a work ttlSecondsAfterFinished after it is Complete. */
  static final String TTL_AFTER_FINISHED = "ttl-after-finished";

  /**
   * The change that lets a work whose cluster was force-released stop waiting for the cluster and
   * end with its resources orphaned. Executions from before it slept between delete attempts
   * without looking for it.
   */
  static final String FORCED_RELEASE = "forced-release";

  /** The annotation on the work that tells the latest drift correction in words. */
  public static final String LAST_DRIFT_CORRECTION = "fleetflow.io/last-drift-correction";

  /**
   * The counter of drift corrections, reported through the SDK's metrics scope (Prometheus: {@code
   * fleetflow_drift_corrections_total}), tagged by Temporal with namespace, task queue and type.
   */
  public static final String DRIFT_CORRECTIONS_METRIC = "fleetflow_drift_corrections";

  /** How many drift corrections the work keeps for its current details. */
  static final int KEPT_CORRECTIONS = 10;

  /**
   * How many unanswered cluster changes the work keeps; older ones are answered by the same apply.
   */
  static final int KEPT_CHANGES = 20;

  private final ManifestWorkState state;
  private final EntityRecord<ManifestWork> record;
  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private final ChangePublisher changes = new ChangePublisher();
  private boolean dirty;

  @WorkflowInit
  public ManifestWorkWorkflowImpl(ManifestWorkState carried) {
    this.state = carried != null ? carried : new ManifestWorkState();
    this.record =
        new EntityRecord<>(
            WorkKinds.MANIFEST_WORK,
            () -> state.work,
            work -> state.work = work,
            work -> work.setStatus(new ManifestWorkStatus()));
  }

  @Override
  public void run(ManifestWorkState carried) {
    if (!Waits.until(CREATION_WAIT, "wait for the create", () -> state.work != null)) {
      return;
    }
    changes.follow(WorkKinds.MANIFEST_WORK, () -> state.work);
    while (true) {
      publish();
      if (deleting()) {
        removeFromCluster();
        OwnerReports.report(state, true);
        changes.deleted(WorkKinds.MANIFEST_WORK, state.work);
        return;
      }
      if (state.appliedGeneration < generation() && applyCurrentGeneration(applySummary()) == null
          || !state.pendingChanges.isEmpty() && !answerClusterChanges()) {
        publish();
        OwnerReports.report(state, false);
        Waits.until(RETRY_DELAY, "retry apply on " + cluster(), () -> dirty);
        dirty = false;
        continue;
      }
      publish();
      OwnerReports.report(state, false);
      awaitChangeOrTtl();
      dirty = false;
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state);
      }
    }
  }

  /**
   * Waits for the next change; a finished work with {@code ttlSecondsAfterFinished} waits at most
   * until its time is up and then deletes itself, as OCM's CleanUpCompletedManifestWork does.
   */
  private void awaitChangeOrTtl() {
    Optional<Duration> ttl = TtlAfterFinished.remaining(state.work, EntityClock.now());
    if (ttl.isEmpty()
        || Workflow.getVersion(TTL_AFTER_FINISHED, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      Workflow.await(this::changed);
      return;
    }
    long seconds = state.work.getSpec().getDeleteOption().ttlSecondsAfterFinished();
    if (!Waits.until(
        ttl.get(),
        "delete ManifestWork " + name() + " " + seconds + "s after it completed",
        this::changed)) {
      ObjectChanges.markDeleting(state.work, EntityClock.now());
      setCondition(
          CONDITION_DELETING,
          Conditions.TRUE,
          "TTLSecondsAfterFinishedExpired",
          "The work completed and ttlSecondsAfterFinished (" + seconds + "s) passed",
          generation());
    }
  }

  private boolean changed() {
    return dirty
        || state.appliedGeneration < generation()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  @Override
  public ManifestWork get() {
    return state.work;
  }

  @Override
  public void validateCreate(ManifestWork work, Actor actor) {
    record.validateCreate(work, actor);
  }

  @Override
  public ManifestWork create(ManifestWork work, Actor actor) {
    record.create(work);
    dirty = true;
    return state.work;
  }

  @Override
  public void validateApply(ManifestWork work, Actor actor) {
    record.validateApply(work, actor);
    if (deleting()) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "ManifestWork \"" + work.getMetadata().getName() + "\" is being deleted");
    }
  }

  @Override
  public ManifestWork apply(ManifestWork work, Actor actor) {
    record.apply(work);
    dirty = true;
    return state.work;
  }

  @Override
  public void validatePatch(Patch patch, Actor actor) {
    validateApply(record.proposedBy(patch), actor);
  }

  @Override
  public ManifestWork patch(Patch patch, Actor actor) {
    return apply(record.proposedBy(patch), actor);
  }

  @Override
  public void validateDelete(Actor actor) {
    record.validateDelete(actor);
  }

  @Override
  public ManifestWork delete(Actor actor) {
    record.delete();
    dirty = true;
    return state.work;
  }

  @Override
  public ManifestWork orphanForRelease(String reason, Actor actor) {
    if (state.work == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "manifestworks not found");
    }
    state.orphanedBecause =
        "cluster "
            + cluster()
            + " was force-released ("
            + reason
            + "), as "
            + actor.user()
            + " passed on";
    if (!deleting()) {
      ObjectChanges.markDeleting(state.work, EntityClock.now());
    }
    dirty = true;
    return state.work;
  }

  @Override
  public void clusterChanged(ClusterChange change) {
    if (state.work == null || deleting()) {
      return;
    }
    if (state.pendingChanges.size() >= KEPT_CHANGES) {
      state.pendingChanges.remove(0);
    }
    state.pendingChanges.add(change);
    dirty = true;
  }

  /**
   * Applies the work again for the changes the agent reported and records each drift correction.
   *
   * @return false when the cluster could not be reached, with the changes kept for the next try
   */
  private boolean answerClusterChanges() {
    if (Workflow.getVersion(CLUSTER_CHANGES, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      state.pendingChanges.clear();
      return true;
    }
    List<ClusterChange> changes = new ArrayList<>(state.pendingChanges);
    state.pendingChanges.clear();
    ApplyResult result = applyCurrentGeneration(resyncSummary(changes));
    if (result == null) {
      state.pendingChanges.addAll(0, changes);
      return false;
    }
    recordCorrections(changes, result);
    return true;
  }

  /** Records each drifted resource and what the apply did about it, in words. */
  private void recordCorrections(List<ClusterChange> changes, ApplyResult result) {
    for (String correction : DriftReport.corrections(changes, result, EntityClock.now())) {
      state.driftCorrections.add(correction);
      // The workflow's metrics scope reports nothing during replay, so each correction counts once.
      Workflow.getMetricsScope().counter(DRIFT_CORRECTIONS_METRIC).inc(1);
      if (state.driftCorrections.size() > KEPT_CORRECTIONS) {
        state.driftCorrections.remove(0);
      }
      Map<String, String> annotations = state.work.getMetadata().getAnnotations();
      annotations = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
      annotations.put(LAST_DRIFT_CORRECTION, correction);
      state.work.getMetadata().setAnnotations(annotations);
      ObjectChanges.bump(state.work);
    }
  }

  private String applySummary() {
    return "apply ManifestWork "
        + name()
        + " generation "
        + generation()
        + " ("
        + state.work.getSpec().getWorkload().manifests().size()
        + " manifests) on "
        + cluster();
  }

  private String resyncSummary(List<ClusterChange> changes) {
    return "re-apply ManifestWork "
        + name()
        + " generation "
        + generation()
        + " on "
        + cluster()
        + " after: "
        + DriftReport.reasons(changes);
  }

  /**
   * Applies the current generation and removes what left the spec.
   *
   * @return the agent's result, or null when the apply has to be tried again later
   */
  private ApplyResult applyCurrentGeneration(String summary) {
    long generation = generation();
    var spec = state.work.getSpec();
    var agent = AgentStubs.forCluster(cluster(), summary);
    ApplyResult result;
    try {
      result = agent.applyManifests(ApplyRequest.of(state.work));
    } catch (ActivityFailure e) {
      reportApplyFailure(e, generation);
      return null;
    }
    WorkDelivery.Tracked tracked =
        WorkDelivery.track(result, state.appliedResources, state.appliedUids);
    List<ResourceMeta> leftSpec = tracked.leftSpec();
    if (!leftSpec.isEmpty()
        && !deleteResources(removal(leftSpec, false), "remove " + leftSpec.size())) {
      return null;
    }
    state.appliedResources = new ArrayList<>(tracked.resources());
    state.appliedUids = tracked.uids();
    if (WorkConditions.apply(state.work.getStatus(), result, EntityClock.now(), generation)) {
      ObjectChanges.bump(state.work);
    }
    state.appliedGeneration = generation;
    return result;
  }

  private void reportApplyFailure(ActivityFailure e, long generation) {
    if (WorkDelivery.recordApplyFailure(
        state.work.getStatus().getConditions(), cluster(), e, EntityClock.now(), generation)) {
      ObjectChanges.bump(state.work);
    }
  }

  /**
   * Deletes the work's resources from the cluster, waiting while the cluster is unreachable, until
   * the cluster is force-released.
   */
  private void removeFromCluster() {
    WorkRemoval removal = removal(state.appliedResources, true);
    while (!removal.isEmpty()) {
      if (state.orphanedBecause != null) {
        orphanEverything();
        return;
      }
      setCondition(
          CONDITION_DELETING,
          Conditions.TRUE,
          "ResourceRemaining",
          removal.delete().size()
              + " resources remain on cluster "
              + cluster()
              + (removal.orphan().isEmpty() ? "" : ", " + removal.orphan().size() + " orphaned"),
          generation());
      publish();
      if (deleteResources(removal, "delete all " + removal.delete().size())) {
        state.appliedResources.clear();
        return;
      }
      if (Workflow.getVersion(FORCED_RELEASE, Workflow.DEFAULT_VERSION, 1)
          == Workflow.DEFAULT_VERSION) {
        Waits.sleep(RETRY_DELAY, "retry delete on " + cluster());
      } else {
        Waits.until(
            RETRY_DELAY, "retry delete on " + cluster(), () -> state.orphanedBecause != null);
      }
    }
  }

  /**
   * Leaves every resource the work applied on its force-released cluster, without asking the agent,
   * and records that in the {@code Deleting} condition before the work ends.
   */
  private void orphanEverything() {
    List<String> left = WorkRemoval.describe(state.appliedResources);
    setCondition(
        CONDITION_DELETING,
        Conditions.TRUE,
        "ResourcesOrphaned",
        "Left "
            + left.size()
            + " resources on the cluster because "
            + state.orphanedBecause
            + (left.isEmpty() ? "" : ": " + String.join(", ", left)),
        generation());
    state.appliedResources.clear();
    publish();
  }

  /** Splits resources by the work's delete option; see {@link WorkRemoval#of}. */
  private WorkRemoval removal(List<ResourceMeta> resources, boolean workDeleted) {
    return WorkRemoval.of(
        state.work.getSpec().getDeleteOption(),
        resources,
        workDeleted,
        () ->
            Workflow.getVersion(WORK_OWNERSHIP, Workflow.DEFAULT_VERSION, 1)
                != Workflow.DEFAULT_VERSION);
  }

  private boolean deleteResources(WorkRemoval removal, String what) {
    var agent =
        AgentStubs.forCluster(
            cluster(), what + " resources of ManifestWork " + name() + " on " + cluster());
    try {
      agent.deleteResources(
          new DeleteRequest(
              cluster(),
              name(),
              AppliedResources.withUids(removal.delete(), state.appliedUids),
              AppliedResources.withUids(removal.orphan(), state.appliedUids)));
      return true;
    } catch (ActivityFailure e) {
      setCondition(
          CONDITION_DELETING,
          Conditions.TRUE,
          AgentStubs.isUnreachable(e) ? "ClusterUnreachable" : "DeletingError",
          "Cannot delete resources on cluster " + cluster() + ": " + AgentStubs.describe(e),
          generation());
      return false;
    }
  }

  private void setCondition(
      String type, String status, String reason, String message, long generation) {
    if (Conditions.set(
        state.work.getStatus().getConditions(),
        type,
        status,
        reason,
        message,
        EntityClock.now(),
        generation)) {
      ObjectChanges.bump(state.work);
    }
  }

  private boolean deleting() {
    return state.work.getMetadata().getDeletionTimestamp() != null;
  }

  private long generation() {
    return state.work.getMetadata().getGeneration();
  }

  private String cluster() {
    return state.work.getMetadata().getNamespace();
  }

  private String name() {
    return state.work.getMetadata().getName();
  }

  private String phase() {
    if (deleting()) {
      return "Deleting";
    }
    List<Condition> conditions = state.work.getStatus().getConditions();
    if (state.appliedGeneration < generation()) {
      return Conditions.find(conditions, CONDITION_APPLIED)
          .map(c -> "ClusterUnreachable".equals(c.getReason()) ? "Unreachable" : "Applying")
          .orElse("Applying");
    }
    if (!Conditions.isTrue(conditions, CONDITION_APPLIED)) {
      return "Failed";
    }
    return Conditions.isTrue(conditions, CONDITION_AVAILABLE) ? "Available" : "Applied";
  }

  private void publish() {
    String phase = phase();
    searchAttributes
        .set(FleetflowSearchAttributes.PHASE, phase)
        .set(FleetflowSearchAttributes.CLUSTER, cluster())
        .publish();
    changes.changed(WorkKinds.MANIFEST_WORK, state.work);
    StringBuilder details = new StringBuilder();
    details
        .append("**")
        .append(cluster())
        .append('/')
        .append(name())
        .append("** generation ")
        .append(generation())
        .append(" is ")
        .append(phase)
        .append(" (applied generation ")
        .append(state.appliedGeneration)
        .append(", ")
        .append(state.appliedResources.size())
        .append(" resources on the cluster)\n\n");
    details.append(CurrentDetails.conditions(state.work.getStatus().getConditions()));
    if (!state.driftCorrections.isEmpty()) {
      details.append("\n\nDrift corrected on the cluster:\n");
      state.driftCorrections.forEach(c -> details.append("\n- ").append(c));
    }
    Workflow.setCurrentDetails(details.toString());
  }
}
