package io.fleetflow.workflows.work;

import static io.fleetflow.model.work.ManifestWork.CONDITION_APPLIED;
import static io.fleetflow.model.work.ManifestWork.CONDITION_AVAILABLE;
import static io.fleetflow.model.work.ManifestWork.CONDITION_DELETING;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.DeleteRequest;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkStatus;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.CurrentDetails;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.entity.Waits;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Implements {@link ManifestWorkWorkflow}. */
public class ManifestWorkWorkflowImpl implements ManifestWorkWorkflow {
  /** A workflow started by a create that never arrived ends after this long. */
  static final Duration CREATION_WAIT = Duration.ofMinutes(1);

  /** How long to wait before trying an unreachable or failing cluster again. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(15);

  private final ManifestWorkState state;
  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private boolean dirty;

  @WorkflowInit
  public ManifestWorkWorkflowImpl(ManifestWorkState carried) {
    this.state = carried != null ? carried : new ManifestWorkState();
  }

  @Override
  public void run(ManifestWorkState carried) {
    if (!Waits.until(CREATION_WAIT, "wait for the create", () -> state.work != null)) {
      return;
    }
    while (true) {
      publish();
      if (deleting()) {
        removeFromCluster();
        return;
      }
      if (state.appliedGeneration < generation() && !applyCurrentGeneration()) {
        publish();
        Waits.until(RETRY_DELAY, "retry apply on " + cluster(), () -> dirty);
        dirty = false;
        continue;
      }
      publish();
      Workflow.await(
          () ->
              dirty
                  || state.appliedGeneration < generation()
                  || Workflow.getInfo().isContinueAsNewSuggested());
      dirty = false;
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state);
      }
    }
  }

  @Override
  public ManifestWork get() {
    return state.work;
  }

  @Override
  public void validateCreate(ManifestWork work, Actor actor) {
    ObjectChanges.checkCreate(Kinds.MANIFEST_WORK, state.work, work);
  }

  @Override
  public ManifestWork create(ManifestWork work, Actor actor) {
    ObjectChanges.stampNew(work, EntityClock.now(), Workflow.randomUUID().toString());
    work.setStatus(new ManifestWorkStatus());
    state.work = work;
    dirty = true;
    return state.work;
  }

  @Override
  public void validateApply(ManifestWork work, Actor actor) {
    ObjectChanges.checkReplace(Kinds.MANIFEST_WORK, state.work, work);
    if (state.work.getMetadata().getDeletionTimestamp() != null) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "ManifestWork \"" + work.getMetadata().getName() + "\" is being deleted");
    }
  }

  @Override
  public ManifestWork apply(ManifestWork work, Actor actor) {
    ObjectChanges.applyChange(state.work, work);
    dirty = true;
    return state.work;
  }

  @Override
  public ManifestWork delete(Actor actor) {
    if (state.work == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "manifestworks not found");
    }
    ObjectChanges.markDeleting(state.work, EntityClock.now());
    dirty = true;
    return state.work;
  }

  /** Applies the current generation; returns false when it has to be tried again later. */
  private boolean applyCurrentGeneration() {
    long generation = generation();
    var spec = state.work.getSpec();
    var agent =
        AgentStubs.forCluster(
            cluster(),
            "apply ManifestWork "
                + name()
                + " generation "
                + generation
                + " ("
                + spec.getWorkload().manifests().size()
                + " manifests) on "
                + cluster());
    ApplyResult result;
    try {
      result = agent.applyManifests(ApplyRequest.of(state.work));
    } catch (ActivityFailure e) {
      reportApplyFailure(e, generation);
      return false;
    }
    List<ResourceMeta> applied = new ArrayList<>();
    for (ResourceResult r : result.resources()) {
      if (r.uid() != null) {
        applied.add(r.meta());
      }
    }
    List<ResourceMeta> leftSpec = new ArrayList<>(state.appliedResources);
    leftSpec.removeIf(old -> applied.stream().anyMatch(now -> sameObject(old, now)));
    if (!leftSpec.isEmpty() && !deleteResources(leftSpec, "remove " + leftSpec.size())) {
      return false;
    }
    state.appliedResources = applied;
    if (WorkConditions.apply(state.work.getStatus(), result, EntityClock.now(), generation)) {
      ObjectChanges.bump(state.work);
    }
    state.appliedGeneration = generation;
    return true;
  }

  private void reportApplyFailure(ActivityFailure e, long generation) {
    if (AgentStubs.isUnreachable(e)) {
      String message =
          "Cluster "
              + cluster()
              + " did not pick up the work within "
              + AgentStubs.PICKUP_TIMEOUT.toSeconds()
              + "s (agent down, or cluster not accepted yet); retrying";
      setCondition(
          CONDITION_APPLIED, Conditions.UNKNOWN, "ClusterUnreachable", message, generation);
      setCondition(
          CONDITION_AVAILABLE, Conditions.UNKNOWN, "ClusterUnreachable", message, generation);
    } else {
      setCondition(
          CONDITION_APPLIED,
          Conditions.FALSE,
          "AppliedManifestWorkFailed",
          "Failed to apply manifest work: " + AgentStubs.describe(e),
          generation);
    }
  }

  /** Deletes the work's resources from the cluster, waiting while the cluster is unreachable. */
  private void removeFromCluster() {
    List<ResourceMeta> toDelete = new ArrayList<>(state.appliedResources);
    DeleteOption option = state.work.getSpec().getDeleteOption();
    String policy = option == null ? null : option.propagationPolicy();
    if (DeleteOption.ORPHAN.equals(policy)) {
      toDelete.clear();
    } else if (DeleteOption.SELECTIVELY_ORPHAN.equals(policy)
        && option.selectivelyOrphans() != null) {
      List<ResourceIdentifier> rules = option.selectivelyOrphans().orphaningRules();
      toDelete.removeIf(r -> rules != null && rules.stream().anyMatch(rule -> orphans(rule, r)));
    }
    while (!toDelete.isEmpty()) {
      setCondition(
          CONDITION_DELETING,
          Conditions.TRUE,
          "ResourceRemaining",
          toDelete.size() + " resources remain on cluster " + cluster(),
          generation());
      publish();
      if (deleteResources(toDelete, "delete all " + toDelete.size())) {
        state.appliedResources.clear();
        return;
      }
      Waits.sleep(RETRY_DELAY, "retry delete on " + cluster());
    }
  }

  private boolean deleteResources(List<ResourceMeta> resources, String what) {
    var agent =
        AgentStubs.forCluster(
            cluster(), what + " resources of ManifestWork " + name() + " on " + cluster());
    try {
      agent.deleteResources(new DeleteRequest(cluster(), name(), resources));
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

  private static boolean sameObject(ResourceMeta a, ResourceMeta b) {
    return Objects.equals(a.group(), b.group())
        && Objects.equals(a.kind(), b.kind())
        && Objects.equals(a.namespace(), b.namespace())
        && Objects.equals(a.name(), b.name());
  }

  private static boolean orphans(ResourceIdentifier rule, ResourceMeta r) {
    return Objects.equals(Objects.requireNonNullElse(rule.group(), ""), r.group())
        && Objects.equals(rule.resource(), r.resource())
        && Objects.equals(rule.name(), r.name())
        && Objects.equals(
            Objects.requireNonNullElse(rule.namespace(), ""),
            Objects.requireNonNullElse(r.namespace(), ""));
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
    Workflow.setCurrentDetails(details.toString());
  }
}
