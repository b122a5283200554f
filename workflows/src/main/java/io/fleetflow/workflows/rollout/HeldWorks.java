package io.fleetflow.workflows.rollout;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.DeleteRequest;
import io.fleetflow.activities.hub.ChangeFeedActivities;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.feed.FeedBatches;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.DriftReport;
import io.fleetflow.workflows.work.ManifestWorkWorkflowImpl;
import io.fleetflow.workflows.work.WorkConditions;
import io.fleetflow.workflows.work.WorkDelivery;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.slf4j.Logger;

/**
 * The works a replica set holds itself, when the hub enables it ({@link #enable}): instead of a
 * ManifestWork workflow per cluster, the replica set asks each cluster's agent to apply its work,
 * keeps the work's status and what it applied ({@link HeldWork}), and publishes the works to the
 * change feed in batches, so that the API lists them as OCM lists generated works. A rollout then
 * costs, per cluster, the agent's activity and its share of a feed signal, as a bare fan-out does,
 * instead of a workflow of some twenty history events.
 *
 * <p>A replica set decides once, at its first launch, and keeps to it across continue-as-new: one
 * that launched with ManifestWork workflows keeps them. The agent tells the replica set of changes
 * to what it applied (the request names the holder), and the replica set applies that cluster's
 * work again; the gateway lists held works from the replica sets ({@code heldWorks}) and refuses
 * writes to them; a cluster's release removes the work, a forced one leaves its resources. A
 * restarted agent asks the replica sets it remembers applying for ({@code HolderRegistry}), and
 * drift corrections are recorded as a ManifestWork records them. The state, about 2.9 KB per
 * cluster that continue-as-new carries as one payload, travels compressed when large ({@code
 * PayloadCompression}), which keeps a thousand clusters far below Temporal's 2 MB limit.
 *
 * <p>A collaborator of the workflow: it runs in workflow code and keeps the order of its commands.
 */
public final class HeldWorks {
  /** The change ID of deciding, at a replica set's first launch, whether it holds its works. */
  static final String HELD_WORKS = "works-held-by-replica-set";

  /** How long a failed apply or removal waits before it is tried again. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(15);

  /** The change ID of deleting the resources a revision dropped on every cluster at once. */
  static final String LEFTOVERS_TOGETHER = "held-leftovers-removed-together";

  /** How many drift reports a held work keeps until an apply answers them. */
  static final int KEPT_DRIFT_REPORTS = 10;

  private static final Logger log = Workflow.getLogger(HeldWorks.class);

  private static volatile boolean enabled;

  private final ManifestWorkReplicaSetState state;
  private final LongFunction<ManifestWorkSpec> templates;
  private final ChangeFeedActivities feed =
      Workflow.newLocalActivityStub(
          ChangeFeedActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setScheduleToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(200))
                      .setMaximumInterval(Duration.ofSeconds(5))
                      .build())
              .setSummary("publish the replica set's works to the ChangeFeed")
              .build());

  /**
   * @param templates the template of a revision
   */
  HeldWorks(ManifestWorkReplicaSetState state, LongFunction<ManifestWorkSpec> templates) {
    this.state = state;
    this.templates = templates;
  }

  /**
   * Whether replica sets that launch from now on hold their works; the hub sets it from its
   * configuration as it starts. Read through a side effect, so a running workflow never changes its
   * mind.
   */
  public static void enable(boolean on) {
    enabled = on;
  }

  /**
   * Whether this replica set holds its works, decided at its first launch: never for one that
   * launched before holding existed or without it.
   */
  boolean holding() {
    if (state.holdsWorks == null) {
      boolean launched =
          state.nextSequence > 1 || state.clusters.values().stream().anyMatch(c -> c.revision > 0);
      state.holdsWorks =
          !launched
              && Workflow.getVersion(HELD_WORKS, Workflow.DEFAULT_VERSION, 1) >= 1
              && Workflow.sideEffect(Boolean.class, () -> enabled);
    }
    return state.holdsWorks;
  }

  /**
   * Gives each cluster its work at a revision, all at once, and waits for every agent's answer.
   *
   * @param labels the labels of each cluster's work, by cluster
   * @return what each cluster's work reports now, by cluster
   */
  Map<String, AppliedWork> apply(Map<String, Map<String, String>> labels, long revision) {
    Instant now = EntityClock.now();
    List<String> clusters = new ArrayList<>();
    labels.forEach(
        (cluster, workLabels) -> {
          ClusterRollout c = state.clusters.get(cluster);
          HeldWork held = c.held != null ? c.held : state.removals.remove(cluster);
          if (held == null) {
            held = new HeldWork();
            held.uid = Workflow.randomUUID().toString();
            held.creationTimestamp = now.toString();
          }
          held.deletionTimestamp = null;
          if (held.revision != revision || held.generation == 0) {
            held.generation++;
            held.revision = revision;
          }
          held.labels = new HashMap<>(workLabels);
          c.held = held;
          clusters.add(cluster);
        });
    return applyNow(clusters);
  }

  /** Applies the works of clusters whose last apply failed and whose retry is due. */
  Map<String, AppliedWork> retryDue(Instant now) {
    List<String> due =
        state.clusters.entrySet().stream()
            .filter(
                e ->
                    e.getValue().held != null
                        && e.getValue().held.retryAtMillis > 0
                        && e.getValue().held.retryAtMillis <= now.toEpochMilli())
            .map(Map.Entry::getKey)
            .toList();
    return due.isEmpty() ? Map.of() : applyNow(due);
  }

  /**
   * Takes what the agent saw change on the work's cluster: the next reconcile applies the work
   * again ({@link #retryDue}), which restores what drifted and refreshes the status, as a
   * ManifestWork workflow answers the same signal.
   */
  void changed(HeldWork held, ClusterChange change) {
    held.retryAtMillis = 1;
    if (change.drifted()) {
      if (held.driftReports == null) {
        held.driftReports = new ArrayList<>();
      }
      held.driftReports.add(change);
      if (held.driftReports.size() > KEPT_DRIFT_REPORTS) {
        held.driftReports.remove(0);
      }
    }
    log.info("{} on {}: {}", name(), change.cluster(), change.reason());
  }

  /** The earliest retry due, of an apply or a removal, or null when none waits. */
  Instant nextRetry() {
    long earliest = Long.MAX_VALUE;
    for (ClusterRollout c : state.clusters.values()) {
      if (c.held != null && c.held.retryAtMillis > 0) {
        earliest = Math.min(earliest, c.held.retryAtMillis);
      }
    }
    for (HeldWork held : state.removals.values()) {
      earliest = Math.min(earliest, Math.max(held.retryAtMillis, 1));
    }
    return earliest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(earliest);
  }

  private Map<String, AppliedWork> applyNow(List<String> clusters) {
    Map<String, Promise<ApplyResult>> started = new LinkedHashMap<>();
    for (String cluster : clusters) {
      HeldWork held = state.clusters.get(cluster).held;
      // This apply answers every change reported so far; one reported while it runs asks again.
      held.retryAtMillis = 0;
      ManifestWork work = render(cluster, held);
      started.put(
          cluster,
          Async.function(
              AgentStubs.forCluster(
                      cluster,
                      "apply ManifestWork "
                          + name()
                          + " revision "
                          + held.revision
                          + " ("
                          + work.getSpec().getWorkload().manifests().size()
                          + " manifests) on "
                          + cluster)
                  ::applyManifests,
              ApplyRequest.of(work).heldBy(Workflow.getInfo().getWorkflowId())));
    }
    Map<String, ApplyResult> results = new LinkedHashMap<>();
    started.forEach(
        (cluster, promise) -> {
          try {
            results.put(cluster, promise.get());
          } catch (ActivityFailure e) {
            failed(cluster, state.clusters.get(cluster).held, e);
          }
        });
    removeLeftoversThenRecord(results);
    Map<String, AppliedWork> answers = new LinkedHashMap<>();
    for (String cluster : clusters) {
      HeldWork held = state.clusters.get(cluster).held;
      answers.put(cluster, new AppliedWork(held.generation, held.status.getConditions(), true));
    }
    publish(clusters.stream().map(c -> state.clusters.get(c).held).toList(), clusters);
    return answers;
  }

  /**
   * Records the agents' answers. Resources that left the template (a new revision dropped them) are
   * deleted first, on every cluster at once, so a thousand clusters wait for the slowest agent once
   * rather than for each agent in turn; a cluster whose delete fails is tried again whole.
   */
  private void removeLeftoversThenRecord(Map<String, ApplyResult> results) {
    Map<String, WorkDelivery.Tracked> tracked = new LinkedHashMap<>();
    Map<String, Promise<Void>> removals = new LinkedHashMap<>();
    Boolean together = null;
    for (Map.Entry<String, ApplyResult> answer : results.entrySet()) {
      String cluster = answer.getKey();
      HeldWork held = state.clusters.get(cluster).held;
      WorkDelivery.Tracked t =
          WorkDelivery.track(answer.getValue(), held.appliedResources, held.appliedUids);
      tracked.put(cluster, t);
      if (t.leftSpec().isEmpty()) {
        continue;
      }
      if (together == null) {
        // Replica sets that deleted leftovers one cluster at a time replay that way.
        together =
            Workflow.getVersion(LEFTOVERS_TOGETHER, Workflow.DEFAULT_VERSION, 1)
                != Workflow.DEFAULT_VERSION;
      }
      Promise<Void> removal =
          Async.procedure(
              AgentStubs.forCluster(
                      cluster, "remove " + t.leftSpec().size() + " resources that left " + name())
                  ::deleteResources,
              WorkDelivery.removal(
                  cluster,
                  name(),
                  templates.apply(held.revision).getDeleteOption(),
                  t.leftSpec(),
                  held.appliedUids,
                  false));
      if (!together) {
        Workflow.await(removal::isCompleted);
      }
      removals.put(cluster, removal);
    }
    results.forEach(
        (cluster, result) -> {
          HeldWork held = state.clusters.get(cluster).held;
          Promise<Void> removal = removals.get(cluster);
          try {
            if (removal != null) {
              removal.get();
            }
            applied(held, result, tracked.get(cluster));
          } catch (ActivityFailure e) {
            failed(cluster, held, e);
          }
        });
  }

  /** Records the agent's answer: what the work owns now, and its conditions. */
  private void applied(HeldWork held, ApplyResult result, WorkDelivery.Tracked tracked) {
    held.appliedResources = new ArrayList<>(tracked.resources());
    held.appliedUids = tracked.uids();
    recordCorrections(held, result);
    WorkConditions.apply(held.status, result, EntityClock.now(), held.generation);
    held.appliedGeneration = held.generation;
    held.resourceVersion++;
  }

  /**
   * Records what the apply did about each drift the agent reported, as a ManifestWork workflow
   * does: the latest correction in the work's annotation and every one in the drift metric.
   */
  private void recordCorrections(HeldWork held, ApplyResult result) {
    if (held.driftReports == null) {
      return;
    }
    List<String> corrections =
        DriftReport.corrections(held.driftReports, result, EntityClock.now());
    held.driftReports = null;
    if (!corrections.isEmpty()) {
      held.lastDriftCorrection = corrections.get(corrections.size() - 1);
      // The workflow's metrics scope reports nothing during replay, so each correction counts once.
      Workflow.getMetricsScope()
          .counter(ManifestWorkWorkflowImpl.DRIFT_CORRECTIONS_METRIC)
          .inc(corrections.size());
    }
  }

  /** Records why the apply failed, as a ManifestWork workflow would, and when to try again. */
  private void failed(String cluster, HeldWork held, ActivityFailure e) {
    Instant now = EntityClock.now();
    WorkDelivery.recordApplyFailure(held.status.getConditions(), cluster, e, now, held.generation);
    held.retryAtMillis = now.plus(RETRY_DELAY).toEpochMilli();
    held.resourceVersion++;
  }

  /**
   * Removes the works of clusters, all at once: the agents delete (or orphan, by the template's
   * delete option) what each applied, and the feed learns that the works are gone. A work whose
   * cluster could not be reached stays in {@link ManifestWorkReplicaSetState#removals}, marked
   * deleting, and {@link #retryRemovals} tries it again.
   *
   * @param works the held works, by cluster
   */
  void remove(Map<String, HeldWork> works) {
    Instant now = EntityClock.now();
    Map<String, Promise<Void>> started = new LinkedHashMap<>();
    works.forEach(
        (cluster, held) -> {
          if (held.deletionTimestamp == null) {
            held.deletionTimestamp = now.toString();
            held.resourceVersion++;
          }
          state.removals.put(cluster, held);
          if (held.appliedResources.isEmpty()) {
            return;
          }
          DeleteRequest removal =
              WorkDelivery.removal(
                  cluster,
                  name(),
                  templates.apply(held.revision).getDeleteOption(),
                  held.appliedResources,
                  held.appliedUids,
                  true);
          started.put(
              cluster,
              Async.procedure(
                  AgentStubs.forCluster(
                          cluster,
                          "delete the "
                              + held.appliedResources.size()
                              + " resources of ManifestWork "
                              + name()
                              + " on "
                              + cluster)
                      ::deleteResources,
                  removal));
        });
    List<String> gone = new ArrayList<>();
    works.keySet().stream().filter(c -> !started.containsKey(c)).forEach(gone::add);
    started.forEach(
        (cluster, promise) -> {
          HeldWork held = works.get(cluster);
          try {
            promise.get();
            held.appliedResources.clear();
            gone.add(cluster);
          } catch (ActivityFailure e) {
            held.retryAtMillis = EntityClock.now().plus(RETRY_DELAY).toEpochMilli();
            log.info("could not remove {} from {}: {}", name(), cluster, AgentStubs.describe(e));
          }
        });
    List<String> waiting = new ArrayList<>(works.keySet());
    waiting.removeAll(gone);
    publish(waiting.stream().map(works::get).toList(), waiting);
    publishDeleted(gone);
  }

  /**
   * Lets go of the works of clusters being released ({@link ManifestWorkReplicaSetState#releases}):
   * removed by the agent, or for a force-released cluster forgotten with their resources left on
   * the cluster. The cluster keeps its place in the rollout, so the current revision does not give
   * it the work again.
   */
  void release() {
    if (state.releases.isEmpty()) {
      return;
    }
    Map<String, HeldWork> removed = new LinkedHashMap<>();
    List<String> orphaned = new ArrayList<>();
    state.releases.forEach(
        (cluster, release) -> {
          ClusterRollout c = state.clusters.get(cluster);
          HeldWork held = c != null && c.held != null ? c.held : state.removals.get(cluster);
          if (c != null) {
            c.held = null;
          }
          if (held == null) {
            return;
          }
          if (release.orphanedBecause() == null) {
            removed.put(cluster, held);
          } else {
            log.info(
                "{} leaves {} resources on {}: {}",
                name(),
                held.appliedResources.size(),
                cluster,
                release.orphanedBecause());
            state.removals.put(cluster, held);
            orphaned.add(cluster);
          }
        });
    state.releases.clear();
    if (!removed.isEmpty()) {
      remove(removed);
    }
    publishDeleted(orphaned);
  }

  /** Tries the removals whose retry is due again. */
  void retryRemovals(Instant now) {
    Map<String, HeldWork> due = new LinkedHashMap<>();
    state.removals.forEach(
        (cluster, held) -> {
          if (held.retryAtMillis <= now.toEpochMilli()) {
            due.put(cluster, held);
          }
        });
    if (!due.isEmpty()) {
      remove(due);
    }
  }

  /** Whether every removal is done. */
  boolean removed() {
    return state.removals.isEmpty();
  }

  /** The work as the API shows it: the revision's template, the held metadata and status. */
  ManifestWork render(String cluster, HeldWork held) {
    ManifestWork work = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(cluster);
    meta.setName(name());
    meta.setUid(held.uid);
    meta.setCreationTimestamp(held.creationTimestamp);
    meta.setGeneration(held.generation);
    meta.setResourceVersion(Long.toString(version(held)));
    meta.setDeletionTimestamp(held.deletionTimestamp);
    meta.setLabels(new HashMap<>(held.labels));
    Map<String, String> annotations = new HashMap<>();
    annotations.put(ManifestWorkReplicaSet.REVISION_ANNOTATION, Long.toString(held.revision));
    annotations.put(ManifestWorkReplicaSet.HELD_BY_ANNOTATION, Workflow.getInfo().getWorkflowId());
    if (held.lastDriftCorrection != null) {
      annotations.put(ManifestWorkWorkflowImpl.LAST_DRIFT_CORRECTION, held.lastDriftCorrection);
    }
    meta.setAnnotations(annotations);
    work.setMetadata(meta);
    work.setSpec(templates.apply(held.revision));
    work.setStatus(held.status);
    return work;
  }

  private void publish(List<HeldWork> works, List<String> clusters) {
    List<EntityChange> changes = new ArrayList<>();
    for (int i = 0; i < works.size(); i++) {
      HeldWork held = works.get(i);
      changes.add(
          change(
              clusters.get(i),
              held,
              held.published ? EntityChange.Type.MODIFIED : EntityChange.Type.ADDED));
    }
    if (send(changes)) {
      works.forEach(held -> held.published = true);
    }
  }

  private void publishDeleted(List<String> clusters) {
    List<EntityChange> changes = new ArrayList<>();
    for (String cluster : clusters) {
      HeldWork held = state.removals.remove(cluster);
      if (held != null && held.published) {
        held.resourceVersion++;
        changes.add(change(cluster, held, EntityChange.Type.DELETED));
      }
    }
    send(changes);
  }

  private EntityChange change(String cluster, HeldWork held, EntityChange.Type type) {
    ManifestWork work = render(cluster, held);
    return new EntityChange(
        WorkKinds.MANIFEST_WORK.kind(), cluster, name(), held.uid, version(held), type, work);
  }

  /** The work's resourceVersion as the API shows it: 1 before its first change. */
  private static long version(HeldWork held) {
    return Math.max(1, held.resourceVersion);
  }

  /**
   * Publishes a round of changes in batches of at most {@link ChangeFeed#MAX_BATCH} works and
   * {@link ChangeFeed#MAX_BATCH_BYTES} bytes: each batch is a local activity whose input the
   * replica set's history records, so a batch stays far below Temporal's 2 MB payload limit
   * whatever the template's size. A feed that cannot be reached loses the round, as it says.
   */
  private boolean send(List<EntityChange> changes) {
    if (changes.isEmpty()) {
      return true;
    }
    try {
      for (List<EntityChange> batch :
          FeedBatches.split(
              changes, ChangeFeed.MAX_BATCH, ChangeFeed.MAX_BATCH_BYTES, FeedBatches::size)) {
        feed.publishAll(batch);
      }
      return true;
    } catch (ActivityFailure e) {
      log.warn("could not publish {} works of {} to the feed: {}", changes.size(), name(), e);
      return false;
    }
  }

  private String name() {
    return state.set.getMetadata().getName();
  }
}
