package io.fleetflow.workflows.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWorkResult;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.entity.Waits;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementSignals;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.GeneratedWorkStubs;
import io.fleetflow.workflows.work.WorkOwners;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deploy and finalize reconcilers of a ManifestWorkReplicaSet, as OCM's controller has them: it
 * follows the replica set's placements (subscribing to their decisions, adding clusters that join),
 * and keeps the one ManifestWork per cluster that a replica set generates: applied for the clusters
 * a stage starts, returned to the previous revision on a rollback, deleted when a cluster leaves
 * its placement or the replica set goes. Each is a labelled activity; a collaborator of the
 * workflow, so it runs in workflow code and keeps the order of the workflow's commands.
 */
final class RolloutDeployer {
  /** How often a Foreground deletion checks whether the generated works are gone. */
  static final Duration DELETION_POLL = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManifestWorkReplicaSetState state;
  private final HeldWorks held;
  private long lastSubscribeMillis = Long.MIN_VALUE / 2;

  RolloutDeployer(ManifestWorkReplicaSetState state) {
    this.state = state;
    this.held = new HeldWorks(state, this::templateOf);
  }

  /** Subscribes to the placements, adds joining clusters and removes the works of leaving ones. */
  void followPlacements(Instant now) {
    List<LocalPlacementReference> refs = state.set.getSpec().getPlacementRefs();
    String self = Workflow.getInfo().getWorkflowId();
    // A missing placement is asked again at most once per resync, so that the history does not
    // grow by a failed signal on every status report.
    boolean retry =
        now.toEpochMilli() - lastSubscribeMillis >= ReconciledEntityWorkflow.RESYNC.toMillis();
    for (LocalPlacementReference ref : refs) {
      if (!state.subscribed.contains(ref.name()) && retry) {
        lastSubscribeMillis = now.toEpochMilli();
        try {
          Workflow.newUntypedExternalWorkflowStub(
                  PlacementSignals.workflowId(namespace(), ref.name()))
              .signal(PlacementSignals.SUBSCRIBE, self);
          state.subscribed.add(ref.name());
        } catch (SignalExternalWorkflowException | ApplicationFailure e) {
          // The placement does not exist (yet); PlacementVerified says so and the next resync
          // tries again.
        }
      }
    }
    for (String name : new ArrayList<>(state.subscribed)) {
      if (refs.stream().noneMatch(r -> r.name().equals(name))) {
        unsubscribe(name);
        state.decisions.remove(name);
      }
    }
    Map<String, String> desired = new LinkedHashMap<>();
    for (LocalPlacementReference ref : refs) {
      PlacementDecisions decisions = state.decisions.get(ref.name());
      if (decisions == null) {
        // Without decisions yet, the clusters it had stay.
        state.clusters.forEach(
            (cluster, c) -> {
              if (ref.name().equals(c.placement)) {
                desired.putIfAbsent(cluster, ref.name());
              }
            });
      } else {
        decisions.clusters().forEach(cluster -> desired.putIfAbsent(cluster, ref.name()));
      }
    }
    List<String> leaving =
        state.clusters.keySet().stream().filter(c -> !desired.containsKey(c)).toList();
    removeLeaving(leaving, now);
    desired.forEach(
        (cluster, placement) -> {
          ClusterRollout c = state.clusters.get(cluster);
          if (c == null) {
            c = new ClusterRollout(placement, now.toEpochMilli());
            c.message = "waiting for revision " + state.revision;
            state.clusters.put(cluster, c);
            if (state.revision > 0 && state.events.size() > 0) {
              RolloutEvents.record(
                  state,
                  now,
                  "ClusterJoined",
                  RolloutEvents.SYSTEM,
                  cluster + " joined placement " + placement);
            }
          } else {
            c.placement = placement;
          }
        });
  }

  /** Stops following every placement: the replica set is being deleted. */
  void unsubscribeAll() {
    for (String placement : new ArrayList<>(state.subscribed)) {
      unsubscribe(placement);
    }
  }

  private void unsubscribe(String placement) {
    try {
      Workflow.newUntypedExternalWorkflowStub(PlacementSignals.workflowId(namespace(), placement))
          .signal(PlacementSignals.UNSUBSCRIBE, Workflow.getInfo().getWorkflowId());
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // The placement is gone, and its subscriptions with it.
    }
    state.subscribed.remove(placement);
  }

  /**
   * Applies the current revision to the clusters a stage starts, all at once, and records what each
   * work reported back; a cluster whose work could not be generated fails. Since {@value
   * #BATCHED_LAUNCH} the clusters of a stage go in activities of up to {@link
   * GeneratedWorkActivities#BATCH} clusters each, not one activity per cluster: three history
   * events and two calls per hundred clusters instead of per cluster.
   *
   * @param launches the clusters to start, each with the name of its stage
   */
  void launch(Map<String, String> launches, Instant now) {
    boolean holding = held.holding();
    ManifestWorkSpec template = templateOf(state.revision);
    Map<String, GeneratedWork> works = new LinkedHashMap<>();
    for (var entry : launches.entrySet()) {
      String cluster = entry.getKey();
      ClusterRollout c = state.clusters.get(cluster);
      if (c.revision != state.revision) {
        c.previousRevision = c.revision;
      }
      boolean first = c.revision == 0 && c.generation == 0;
      c.startedSequence = state.nextSequence++;
      c.moveTo(ClusterRolloutState.APPLYING, now, "applying revision " + state.revision);
      works.put(cluster, generated(cluster, c.placement, template, state.revision, first));
    }
    long revision = state.revision;
    if (holding) {
      Map<String, Map<String, String>> labels = new LinkedHashMap<>();
      works.forEach((cluster, work) -> labels.put(cluster, work.labels()));
      held.apply(labels, revision).forEach((cluster, work) -> took(cluster, work, revision));
      return;
    }
    if (Workflow.getVersion(BATCHED_LAUNCH, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      launchOneByOne(launches, works, revision);
      return;
    }
    List<List<String>> batches = batches(launches);
    List<Promise<List<GeneratedWorkResult>>> started = new ArrayList<>();
    for (List<String> batch : batches) {
      started.add(
          Async.function(
              GeneratedWorkStubs.batch(batchSummary(batch, launches.get(batch.get(0))))::applyAll,
              batch.stream().map(works::get).toList()));
    }
    for (int i = 0; i < batches.size(); i++) {
      try {
        for (GeneratedWorkResult result : started.get(i).get()) {
          if (result.applied() != null) {
            took(result.cluster(), result.applied(), revision);
          } else {
            failed(result.cluster(), result.refusal());
          }
        }
      } catch (ActivityFailure e) {
        batches.get(i).forEach(cluster -> failed(cluster, e.getCause().getMessage()));
      }
    }
  }

  /** The change ID of launching a stage's clusters in batches. */
  static final String BATCHED_LAUNCH = "launch-in-batches";

  /** The clusters to launch, by stage in the order given, in slices of at most one batch. */
  private static List<List<String>> batches(Map<String, String> launches) {
    Map<String, List<String>> byStage = new LinkedHashMap<>();
    launches.forEach(
        (cluster, stage) -> byStage.computeIfAbsent(stage, s -> new ArrayList<>()).add(cluster));
    List<List<String>> batches = new ArrayList<>();
    for (List<String> clusters : byStage.values()) {
      for (int from = 0; from < clusters.size(); from += GeneratedWorkActivities.BATCH) {
        batches.add(
            clusters.subList(
                from, Math.min(clusters.size(), from + GeneratedWorkActivities.BATCH)));
      }
    }
    return batches;
  }

  private String batchSummary(List<String> clusters, String stage) {
    String named =
        clusters.size() <= 3
            ? String.join(", ", clusters)
            : clusters.get(0) + ", " + clusters.get(1) + " … " + clusters.get(clusters.size() - 1);
    return applyTo(
        clusters.size()
            + (clusters.size() == 1 ? " cluster" : " clusters")
            + " of stage "
            + stage
            + ": "
            + named);
  }

  /** The summary of an activity that applies the current revision to {@code clusters}. */
  private String applyTo(String clusters) {
    return "apply revision "
        + state.revision
        + " of "
        + namespace()
        + "/"
        + name()
        + " to "
        + clusters;
  }

  /** Executions from before {@value #BATCHED_LAUNCH}: one activity per cluster. */
  private void launchOneByOne(
      Map<String, String> launches, Map<String, GeneratedWork> works, long revision) {
    Map<String, Promise<AppliedWork>> started = new LinkedHashMap<>();
    for (var entry : launches.entrySet()) {
      String cluster = entry.getKey();
      started.put(
          cluster,
          Async.function(
              works(applyTo(cluster + " (stage " + entry.getValue() + ")"))::apply,
              works.get(cluster)));
    }
    for (var entry : started.entrySet()) {
      try {
        took(entry.getKey(), entry.getValue().get(), revision);
      } catch (ActivityFailure e) {
        failed(entry.getKey(), e.getCause().getMessage());
      }
    }
  }

  /** Records the work a cluster of the launch now carries. */
  private void took(String cluster, AppliedWork applied, long revision) {
    ClusterRollout c = state.clusters.get(cluster);
    if (c == null || state.revision != revision) {
      return;
    }
    c.revision = revision;
    c.generation = applied.generation();
    // A report signalled while the activities ran is newer than the conditions the activity saw
    // when it wrote the work, so those only fill in for a missing or older report. A held work
    // reports nowhere else.
    if (c.held != null
        || c.lastReport == null
        || c.lastReport.generation() < applied.generation()) {
      c.lastReport =
          new StatusReport(cluster, name(), applied.generation(), applied.conditions(), false);
    }
  }

  /** Fails a cluster of the launch whose work could not be generated. */
  private void failed(String cluster, String why) {
    ClusterRollout c = state.clusters.get(cluster);
    if (c != null) {
      c.moveTo(
          ClusterRolloutState.FAILED, EntityClock.now(), "could not generate the work: " + why);
    }
  }

  /** Deletes the works of clusters that left their placements, all at once, and forgets them. */
  private void removeLeaving(List<String> leaving, Instant now) {
    List<Promise<Boolean>> deletions = new ArrayList<>();
    Map<String, HeldWork> heldWorks = new LinkedHashMap<>();
    for (String cluster : leaving) {
      ClusterRollout c = state.clusters.get(cluster);
      if (c.held != null) {
        heldWorks.put(cluster, c.held);
      } else if (c.revision > 0 && !holding()) {
        deletions.add(
            Async.function(
                works(
                        "delete ManifestWork "
                            + name()
                            + " from "
                            + cluster
                            + ": it left placement "
                            + c.placement)
                    ::delete,
                cluster,
                name(),
                Actor.system("rollout", "cluster left placement " + c.placement)));
      }
      RolloutEvents.record(
          state,
          now,
          "ClusterLeft",
          RolloutEvents.SYSTEM,
          cluster + " left placement " + c.placement + "; its work is deleted");
    }
    Promise.allOf(deletions).get();
    if (!heldWorks.isEmpty()) {
      held.remove(heldWorks);
    }
    leaving.forEach(state.clusters::remove);
  }

  /**
   * Tries again the held works whose apply or removal failed and whose retry is due ({@link
   * HeldWorks}); does nothing for a replica set that does not hold its works.
   */
  void retryHeldWorks(Instant now) {
    if (!holding()) {
      return;
    }
    held.release();
    long revision = state.revision;
    held.retryDue(now)
        .forEach(
            (cluster, work) -> {
              ClusterRollout c = state.clusters.get(cluster);
              if (c.revision == revision) {
                took(cluster, work, revision);
              }
            });
    held.retryRemovals(now);
  }

  /**
   * Takes a change the agent saw on a cluster whose work the replica set holds: the work is applied
   * again at the next reconcile.
   *
   * @return whether the replica set holds that cluster's work
   */
  boolean changedOnCluster(ClusterChange change) {
    ClusterRollout c = change.cluster() == null ? null : state.clusters.get(change.cluster());
    if (c == null || c.held == null) {
      return false;
    }
    held.changed(c.held, change);
    return true;
  }

  /** The works the replica set holds, as the API shows them, deleting ones included. */
  List<ManifestWork> heldWorks() {
    List<ManifestWork> works = new ArrayList<>();
    state.clusters.forEach(
        (cluster, c) -> {
          if (c.held != null) {
            works.add(held.render(cluster, c.held));
          }
        });
    state.removals.forEach((cluster, work) -> works.add(held.render(cluster, work)));
    return works;
  }

  /** Whether the replica set holds its works itself; decided at its first launch. */
  private boolean holding() {
    return Boolean.TRUE.equals(state.holdsWorks);
  }

  /** When the next held work's retry is due, or null when none waits. */
  Instant nextHeldRetry() {
    return holding() ? held.nextRetry() : null;
  }

  /**
   * Returns every cluster the current rollout changed to its previous revision, last first, and
   * records the rollback.
   *
   * @param by who asked for it
   * @param reason why, as the rollout's outcome message
   */
  void rollBack(String by, String reason) {
    List<Map.Entry<String, ClusterRollout>> changed =
        state.clusters.entrySet().stream()
            .filter(
                e -> e.getValue().startedSequence > 0 && e.getValue().revision == state.revision)
            .sorted(
                Comparator.comparingLong(
                        (Map.Entry<String, ClusterRollout> e) -> e.getValue().startedSequence)
                    .reversed())
            .toList();
    Actor actor = Actor.system("rollout", reason);
    for (var entry : changed) {
      String cluster = entry.getKey();
      ClusterRollout c = entry.getValue();
      long target = c.previousRevision;
      try {
        c.generation = returnTo(cluster, c, target, actor);
        c.revision = target;
        c.moveTo(
            ClusterRolloutState.ROLLED_BACK,
            EntityClock.now(),
            "rolled back to revision " + target);
      } catch (ActivityFailure e) {
        c.message = "rollback to revision " + target + " failed: " + e.getCause().getMessage();
      }
    }
    state.outcome = "RolledBack";
    state.outcomeMessage = reason;
    RolloutEvents.record(
        state,
        EntityClock.now(),
        "RolledBack",
        by,
        changed.size()
            + " clusters returned to their previous revision, in reverse order: "
            + String.join(", ", changed.stream().map(Map.Entry::getKey).toList()));
  }

  /**
   * Returns one cluster's work to a revision, or removes it for revision 0.
   *
   * @return the work's generation now, 0 when it is gone
   */
  private long returnTo(String cluster, ClusterRollout c, long target, Actor actor) {
    if (holding()) {
      if (target == 0) {
        if (c.held != null) {
          held.remove(Map.of(cluster, c.held));
          c.held = null;
        }
        return 0;
      }
      Map<String, String> labels =
          generated(cluster, c.placement, templateOf(target), target, false).labels();
      AppliedWork applied = held.apply(Map.of(cluster, labels), target).get(cluster);
      c.lastReport =
          new StatusReport(cluster, name(), applied.generation(), applied.conditions(), false);
      return applied.generation();
    }
    if (target == 0) {
      works("roll back " + cluster + ": delete the work it did not have before")
          .delete(cluster, name(), actor);
      return 0;
    }
    return works("roll back " + cluster + " to revision " + target)
        .apply(generated(cluster, c.placement, templateOf(target), target, false))
        .generation();
  }

  /** Deletes every generated work; with Foreground, waits until they are gone. */
  void deleteAll() {
    if (holding()) {
      removeHeldWorks();
      return;
    }
    List<String> clusters =
        state.clusters.entrySet().stream()
            .filter(e -> e.getValue().revision > 0 || e.getValue().startedSequence > 0)
            .map(Map.Entry::getKey)
            .toList();
    List<Promise<Boolean>> deletions = new ArrayList<>();
    Actor actor = Actor.system("rollout", "ManifestWorkReplicaSet deleted");
    for (String cluster : clusters) {
      deletions.add(
          Async.function(
              works("delete ManifestWork " + name() + " from " + cluster)::delete,
              cluster,
              name(),
              actor));
    }
    Promise.allOf(deletions).get();
    if (!ManifestWorkReplicaSetSpec.FOREGROUND.equals(
        state.set.getSpec().getCascadeDeletionPolicy())) {
      return;
    }
    List<String> remaining = new ArrayList<>(clusters);
    while (!remaining.isEmpty()) {
      remaining.removeIf(
          cluster -> works("check that the work on " + cluster + " is gone").gone(cluster, name()));
      if (!remaining.isEmpty()) {
        Workflow.setCurrentDetails(
            "Deleting: waiting for the works on " + remaining.size() + " clusters to be removed");
        Waits.sleep(DELETION_POLL, "wait for " + remaining.size() + " generated works to be gone");
      }
    }
  }

  /**
   * Removes every held work and waits until the agents removed them all, whatever the cascade
   * policy: no workflow but this one would try a removal again.
   */
  private void removeHeldWorks() {
    Map<String, HeldWork> works = new LinkedHashMap<>();
    state.clusters.forEach(
        (cluster, c) -> {
          if (c.held != null) {
            works.put(cluster, c.held);
            c.held = null;
          }
        });
    if (!works.isEmpty()) {
      held.remove(works);
    }
    while (!held.removed()) {
      Workflow.setCurrentDetails(
          "Deleting: waiting for the works on "
              + state.removals.size()
              + " clusters to be removed from them");
      Waits.sleep(
          HeldWorks.RETRY_DELAY,
          "wait before removing the works on " + state.removals.size() + " clusters again");
      // A cluster force-released meanwhile leaves its resources in place.
      held.release();
      held.retryRemovals(EntityClock.now());
    }
  }

  /** A copy of a template, so that a revision keeps what it was whatever happens to the spec. */
  static ManifestWorkSpec copy(ManifestWorkSpec template) {
    return JSON.convertValue(template, ManifestWorkSpec.class);
  }

  /**
   * The work for one cluster at one revision, labelled as OCM labels the works it generates.
   *
   * @param first whether the replica set never gave the cluster a work, so it is created unread
   */
  private GeneratedWork generated(
      String cluster, String placement, ManifestWorkSpec template, long revision, boolean first) {
    Map<String, String> labels = new HashMap<>();
    if (state.set.getMetadata().getLabels() != null) {
      labels.putAll(state.set.getMetadata().getLabels());
    }
    labels.put(WorkOwners.REPLICA_SET_LABEL, namespace() + "." + name());
    labels.put(ManifestWorkReplicaSet.PLACEMENT_LABEL, placement);
    return new GeneratedWork(
        cluster,
        name(),
        labels,
        Map.of(),
        template,
        revision,
        Actor.system(
            "rollout",
            "ManifestWorkReplicaSet " + namespace() + "/" + name() + " revision " + revision),
        first);
  }

  private static GeneratedWorkActivities works(String summary) {
    return GeneratedWorkStubs.of(summary);
  }

  private ManifestWorkSpec templateOf(long revision) {
    return state.revisions.stream()
        .filter(r -> r.revision() == revision)
        .map(TemplateRevision::template)
        .findFirst()
        .orElseThrow();
  }

  private String namespace() {
    return state.set.getMetadata().getNamespace();
  }

  private String name() {
    return state.set.getMetadata().getName();
  }
}
