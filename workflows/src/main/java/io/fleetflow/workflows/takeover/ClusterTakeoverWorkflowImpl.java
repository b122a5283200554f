package io.fleetflow.workflows.takeover;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.activities.agent.TakeoverAgentActivities;
import io.fleetflow.activities.agent.TakeoverBatch;
import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.activities.hub.TakeoverActivities.WorkRef;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.takeover.TakeoverResources;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.Waits;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Implements {@link ClusterTakeoverWorkflow}. */
public class ClusterTakeoverWorkflowImpl implements ClusterTakeoverWorkflow {
  /** How long a release waits before trying an unreachable or failing cluster again. */
  static final Duration RETRY_DELAY = Duration.ofSeconds(30);

  /** The first and the longest pause between looks at ManifestWorks that are being deleted. */
  static final Duration WORKS_POLL_FIRST = Duration.ofSeconds(1);

  static final Duration WORKS_POLL_MAX = Duration.ofSeconds(30);

  /**
   * The change that makes a forced release tell the remaining ManifestWorks to orphan their
   * resources and end, so that none keeps retrying the unreachable cluster.
   */
  static final String ORPHAN_WORKS = "orphan-works";

  /** The change that made a release remove the cluster's add-ons (before: a placeholder step). */
  static final String RELEASE_ADD_ONS = "release-add-ons";

  /**
   * The change that installs the whole profile in one agent call with two progress reports, where
   * runs before it called the agent and reported to the parent once per resource.
   */
  static final String ONE_BATCH = "install-in-one-batch";

  private final Set<String> toldToOrphan = new HashSet<>();
  private TakeoverRequest request;
  private TakeoverProgress progress = new TakeoverProgress(false, "starting", 0, 0, null);
  private String forced;
  private final List<GenericKubernetesResource> installed = new ArrayList<>();
  private final List<String> orphaned = new ArrayList<>();

  @Override
  public TakeoverResult run(TakeoverRequest request) {
    this.request = request;
    if (forced == null) {
      forced = request.forced();
    }
    installed.addAll(request.installed());
    return request.release() ? release() : install();
  }

  @Override
  public TakeoverProgress progress() {
    return progress;
  }

  @Override
  public void force(String reason) {
    forced = reason;
  }

  private TakeoverResult install() {
    if (Workflow.getVersion(ONE_BATCH, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return installOneByOne();
    }
    List<GenericKubernetesResource> desired = request.desired();
    List<GenericKubernetesResource> leftover = leftover(desired);
    String step =
        "install "
            + desired.size()
            + " resources of profile generation "
            + request.profileGeneration()
            + on()
            + (leftover.isEmpty() ? "" : " and remove " + leftover.size() + " that left it");
    report(false, step, desired.size() + leftover.size(), 0, null);
    try {
      // The outcome of each resource stays in the activity's result, for the Temporal UI.
      agent(step).applyProfile(new TakeoverBatch(desired, leftover));
      desired.forEach(this::remember);
      leftover.forEach(this::forget);
      return installed(desired.size());
    } catch (ActivityFailure e) {
      return stopped(desired, leftover, e);
    }
  }

  /** The resources the hub installed that the profile no longer has, in removal order. */
  private List<GenericKubernetesResource> leftover(List<GenericKubernetesResource> desired) {
    Set<String> wanted = desired.stream().map(TakeoverResources::key).collect(Collectors.toSet());
    return reversed(
        TakeoverResources.installOrder(
            installed.stream().filter(r -> !wanted.contains(TakeoverResources.key(r))).toList()));
  }

  private TakeoverResult installed(int total) {
    report(
        false,
        total + " resources of profile generation " + request.profileGeneration() + " installed",
        0,
        0,
        null);
    return new TakeoverResult(installed, null, null, false, List.of());
  }

  /**
   * Records what a failed batch changed before it stopped and where it stopped. A refusal says
   * exactly; a call that no agent picked up counts as having changed nothing (it misses one case:
   * an earlier attempt that got part way before its agent died for good); any other failure (the
   * agent died on every attempt) may have installed anything, so the hub counts every resource as
   * installed, and a later release removes what is there.
   */
  private TakeoverResult stopped(
      List<GenericKubernetesResource> desired,
      List<GenericKubernetesResource> leftover,
      ActivityFailure e) {
    Optional<TakeoverBatch.Refusal> refusal = refusal(e);
    if (refusal.isPresent()) {
      desired.subList(0, refusal.get().installed()).forEach(this::remember);
      leftover.subList(0, refusal.get().uninstalled()).forEach(this::forget);
    } else if (!AgentStubs.isUnreachable(e)) {
      desired.forEach(this::remember);
    }
    String at =
        refusal
            .map(TakeoverBatch.Refusal::resource)
            .orElse(desired.isEmpty() ? "the profile" : TakeoverResources.key(desired.getFirst()));
    return stopped(at, e);
  }

  private static Optional<TakeoverBatch.Refusal> refusal(ActivityFailure e) {
    if (e.getCause() instanceof ApplicationFailure failure
        && TakeoverBatch.REFUSED.equals(failure.getType())
        && failure.getDetails().getSize() > 0) {
      return Optional.of(failure.getDetails().get(TakeoverBatch.Refusal.class));
    }
    return Optional.empty();
  }

  /** Installs one resource per agent call, as runs before {@link #ONE_BATCH} did. */
  private TakeoverResult installOneByOne() {
    List<GenericKubernetesResource> desired = request.desired();
    int total = desired.size();
    for (int i = 0; i < total; i++) {
      GenericKubernetesResource resource = desired.get(i);
      String step = "install " + TakeoverResources.key(resource) + on() + count(i + 1, total);
      report(false, step, total - i, 0, null);
      try {
        agent(step).install(resource);
        remember(resource);
      } catch (ActivityFailure e) {
        return stopped(TakeoverResources.key(resource), e);
      }
    }
    List<GenericKubernetesResource> leftover = leftover(desired);
    for (int i = 0; i < leftover.size(); i++) {
      GenericKubernetesResource resource = leftover.get(i);
      String step =
          "uninstall "
              + TakeoverResources.key(resource)
              + on()
              + ", which left the profile"
              + count(i + 1, leftover.size());
      report(false, step, leftover.size() - i, 0, null);
      try {
        agent(step).uninstall(resource);
        forget(resource);
      } catch (ActivityFailure e) {
        return stopped(TakeoverResources.key(resource), e);
      }
    }
    return installed(total);
  }

  private TakeoverResult stopped(String resource, ActivityFailure e) {
    boolean unreachable = AgentStubs.isUnreachable(e);
    String reason =
        unreachable
            ? "no agent picked up work for "
                + request.cluster()
                + " within "
                + AgentStubs.PICKUP_TIMEOUT.toSeconds()
                + "s"
            : AgentStubs.describe(e);
    report(false, "stopped at " + resource, 0, 0, reason);
    return new TakeoverResult(installed, resource, reason, unreachable, List.of());
  }

  private TakeoverResult release() {
    releaseAddOns();
    releaseManifestWorks();
    List<GenericKubernetesResource> toRemove = reversed(TakeoverResources.installOrder(installed));
    for (int i = 0; i < toRemove.size(); i++) {
      GenericKubernetesResource resource = toRemove.get(i);
      String step =
          "uninstall " + TakeoverResources.key(resource) + on() + count(i + 1, toRemove.size());
      while (forced == null) {
        report(true, step, toRemove.size() - i, 0, null);
        TakeoverAgentActivities agent = agent(step);
        try {
          if (untilForced(() -> agent.uninstall(resource))) {
            forget(resource);
            break;
          }
        } catch (ActivityFailure e) {
          String reason =
              AgentStubs.isUnreachable(e)
                  ? "the agent of "
                      + request.cluster()
                      + " picks up no work; the cluster may be gone. Removal waits; to orphan"
                      + " what is left, annotate the ManagedCluster with"
                      + " fleetflow.io/force-release=<reason>"
                  : AgentStubs.describe(e);
          report(true, step, toRemove.size() - i, 0, reason);
          Waits.until(RETRY_DELAY, "retry uninstall on " + request.cluster(), () -> forced != null);
        }
      }
      if (forced != null) {
        toRemove.subList(i, toRemove.size()).forEach(r -> orphaned.add(TakeoverResources.key(r)));
        break;
      }
    }
    report(
        true,
        forced == null ? "released" : "forced: " + forced,
        0,
        0,
        orphaned.isEmpty() ? null : "orphaned " + String.join(", ", orphaned));
    return new TakeoverResult(installed, null, forced, false, orphaned);
  }

  /**
   * Removes the cluster's add-ons first, as OCM does: each ManagedClusterAddOn is deleted, which
   * runs its pre-delete hook and removes its works, and the release waits until all are gone. A
   * forced release stops waiting for add-ons whose cluster cannot run their removal; their works
   * are orphaned with the cluster's other works next. Executions started before add-ons existed
   * only report that there are none.
   */
  private void releaseAddOns() {
    if (Workflow.getVersion(RELEASE_ADD_ONS, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      report(
          true,
          "remove add-ons of " + request.cluster() + ": none exist",
          installed.size(),
          0,
          null);
      return;
    }
    Actor actor = Actor.system("takeover", "release of cluster " + request.cluster());
    List<String> addOns =
        addOns("list the add-ons of " + request.cluster()).addOnsOn(request.cluster());
    for (String addOn : addOns) {
      addOns("remove add-on " + addOn + " from " + request.cluster())
          .uninstall(request.cluster(), addOn, null, actor);
    }
    Duration pause = WORKS_POLL_FIRST;
    while (!addOns.isEmpty()) {
      addOns =
          addOns("check which add-ons of " + request.cluster() + " are still being removed")
              .addOnsOn(request.cluster());
      report(
          true,
          "remove add-ons of " + request.cluster(),
          installed.size(),
          addOns.size(),
          addOns.isEmpty()
              ? null
              : "waiting for "
                  + String.join(", ", addOns)
                  + " to run their pre-delete hooks and"
                  + " remove their works");
      if (addOns.isEmpty()) {
        break;
      }
      if (forced != null) {
        addOns.forEach(a -> orphaned.add("ManagedClusterAddOn " + request.cluster() + "/" + a));
        return;
      }
      Waits.until(
          pause,
          "wait for " + addOns.size() + " add-ons of " + request.cluster() + " to be removed",
          () -> forced != null);
      pause = longer(pause);
    }
  }

  /** The next pause of a removal's polling: twice the last, at most {@link #WORKS_POLL_MAX}. */
  private static Duration longer(Duration pause) {
    Duration twice = pause.multipliedBy(2);
    return twice.compareTo(WORKS_POLL_MAX) > 0 ? WORKS_POLL_MAX : twice;
  }

  private static AddOnActivities addOns(String summary) {
    return HubStubs.of(AddOnActivities.class, summary, Duration.ofSeconds(30));
  }

  /**
   * Deletes the cluster's ManifestWorks in OCM's cleanup-priority order (unset first, then 0 to
   * 100), each group only after the one before has ended, so that each work removes its resources
   * with its own delete option before the takeover resources go.
   */
  private void releaseManifestWorks() {
    List<WorkRef> works =
        hub("list the ManifestWorks of " + request.cluster()).manifestWorks(request.cluster());
    TreeMap<Integer, List<WorkRef>> byPriority = new TreeMap<>();
    works.forEach(
        w -> byPriority.computeIfAbsent(w.cleanupPriority(), p -> new ArrayList<>()).add(w));
    int remaining = works.size();
    Actor actor = Actor.system("takeover", "release of cluster " + request.cluster());
    for (var group : byPriority.entrySet()) {
      for (WorkRef work : group.getValue()) {
        if (!work.deleting()) {
          hub("delete ManifestWork "
                  + request.cluster()
                  + "/"
                  + work.name()
                  + " (cleanup priority "
                  + (group.getKey() < 0 ? "unset" : group.getKey())
                  + ")")
              .deleteManifestWork(request.cluster(), work.name(), actor);
        }
      }
      Set<String> names = group.getValue().stream().map(WorkRef::name).collect(Collectors.toSet());
      Duration pause = WORKS_POLL_FIRST;
      while (true) {
        List<String> left =
            hub("check which ManifestWorks of " + request.cluster() + " still clean up")
                .manifestWorks(request.cluster())
                .stream()
                .map(WorkRef::name)
                .filter(names::contains)
                .sorted()
                .toList();
        int othersLeft = remaining - names.size();
        report(
            true,
            "remove ManifestWorks of "
                + request.cluster()
                + " with cleanup priority "
                + (group.getKey() < 0 ? "unset" : group.getKey()),
            installed.size(),
            othersLeft + left.size(),
            left.isEmpty()
                ? null
                : "waiting for " + String.join(", ", left) + " to remove their resources");
        if (left.isEmpty()) {
          break;
        }
        if (forced != null && !orphansWorks()) {
          left.forEach(n -> orphaned.add("ManifestWork " + request.cluster() + "/" + n));
          return;
        }
        if (forced != null) {
          // Each work leaves its resources on the cluster with the reason and ends, instead of
          // retrying the unreachable cluster forever; the release goes on once they are gone.
          for (String name : left) {
            if (toldToOrphan.add(name)) {
              hub("orphan ManifestWork "
                      + request.cluster()
                      + "/"
                      + name
                      + ": the cluster was force-released")
                  .orphanManifestWork(request.cluster(), name, forced, actor);
              orphaned.add("ManifestWork " + request.cluster() + "/" + name);
              // The told works end within moments, so the next look comes soon.
              pause = WORKS_POLL_FIRST;
            }
          }
        }
        Waits.until(
            pause,
            "wait for " + left.size() + " ManifestWorks of " + request.cluster() + " to clean up",
            () -> forced != null && toldToOrphan.isEmpty());
        pause = longer(pause);
      }
      remaining -= names.size();
    }
  }

  /**
   * Returns true when a forced release tells the cluster's remaining ManifestWorks to orphan their
   * resources and waits until they ended; runs from before {@link #ORPHAN_WORKS} only listed them.
   */
  private boolean orphansWorks() {
    return Workflow.getVersion(ORPHAN_WORKS, Workflow.DEFAULT_VERSION, 1)
        != Workflow.DEFAULT_VERSION;
  }

  /** Runs an agent call; returns false when a force came first, cancelling the call. */
  private boolean untilForced(Functions.Proc call) {
    @SuppressWarnings("unchecked")
    Promise<Void>[] done = new Promise[1];
    CancellationScope scope = Workflow.newCancellationScope(() -> done[0] = Async.procedure(call));
    scope.run();
    // The call's own failure is read below by get(); a cancellation (forced, or an eviction from
    // the worker's cache) is expected, and the handler keeps the SDK from logging it as unread.
    done[0].exceptionally(failure -> null);
    Workflow.await(() -> done[0].isCompleted() || forced != null);
    if (!done[0].isCompleted()) {
      scope.cancel();
      return false;
    }
    done[0].get();
    return true;
  }

  private void remember(GenericKubernetesResource resource) {
    forget(resource);
    installed.add(resource);
  }

  private void forget(GenericKubernetesResource resource) {
    String key = TakeoverResources.key(resource);
    installed.removeIf(r -> TakeoverResources.key(r).equals(key));
  }

  private void report(
      boolean release, String step, int resourcesRemaining, int worksRemaining, String waiting) {
    progress = new TakeoverProgress(release, step, resourcesRemaining, worksRemaining, waiting);
    Workflow.setCurrentDetails(
        "**"
            + request.cluster()
            + "**: "
            + step
            + (waiting == null ? "" : "\n\nWaiting: " + waiting)
            + "\n\nInstalled now: "
            + installed.size()
            + " resources");
    Workflow.getInfo()
        .getParentWorkflowId()
        .ifPresent(
            parent ->
                Workflow.newExternalWorkflowStub(ManagedClusterWorkflow.class, parent)
                    .takeoverProgress(progress));
  }

  private TakeoverAgentActivities agent(String summary) {
    return AgentStubs.forCluster(
        TakeoverAgentActivities.class, request.cluster(), summary, AgentStubs.PICKUP_TIMEOUT);
  }

  private static TakeoverActivities hub(String summary) {
    return HubStubs.of(TakeoverActivities.class, summary, Duration.ofSeconds(30));
  }

  private String on() {
    return " on " + request.cluster();
  }

  private static String count(int n, int total) {
    return " (" + n + "/" + total + ")";
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
