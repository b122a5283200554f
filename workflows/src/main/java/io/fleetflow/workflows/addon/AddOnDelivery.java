package io.fleetflow.workflows.addon;

import io.fleetflow.activities.addon.RenderedAddOn;
import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.activities.hub.GeneratedWorkActivities.AppliedWork;
import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.model.addon.ManagedClusterAddOn;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.Waits;
import io.fleetflow.workflows.work.GeneratedWorkStubs;
import io.fleetflow.workflows.work.WorkOwners.StatusReport;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ManifestWorks of one add-on on one cluster: the deploy work applied whenever its rendered
 * content changes, and on removal the pre-delete hook's work applied and waited for before both go.
 * A collaborator of the workflow: it runs in workflow code, one labelled activity per write.
 */
final class AddOnDelivery {
  /** How often a removal checks that the add-on's works are gone. */
  static final Duration GONE_POLL = Duration.ofSeconds(5);

  /** How long one wait for the pre-delete hook lasts before the details say it still waits. */
  static final Duration HOOK_WAIT = Duration.ofMinutes(10);

  private final ManagedClusterAddOnState state;

  AddOnDelivery(ManagedClusterAddOnState state) {
    this.state = state;
  }

  /**
   * Applies the rendered deploy work when its content differs from what the work carries.
   *
   * @return why the apply failed, or null
   */
  String deliver(RenderedAddOn rendered) {
    if (rendered.contentHash().equals(state.workHash)) {
      return null;
    }
    long revision = state.workRevision + 1;
    try {
      AppliedWork applied =
          works("apply revision " + revision + " of add-on " + name() + " to " + cluster())
              .apply(
                  generated(
                      ManagedClusterAddOn.deployWorkName(name()),
                      rendered.deploy(),
                      revision,
                      state.workRevision == 0));
      state.workRevision = revision;
      state.workHash = rendered.contentHash();
      state.workGeneration = applied.generation();
      if (state.deployReport == null || state.deployReport.generation() < applied.generation()) {
        state.deployReport =
            new StatusReport(
                cluster(),
                ManagedClusterAddOn.deployWorkName(name()),
                applied.generation(),
                applied.conditions(),
                false,
                List.of());
      }
      return null;
    } catch (ActivityFailure e) {
      return "could not write the add-on's work: " + e.getCause().getMessage();
    }
  }

  /**
   * Removes the add-on from the cluster: runs its pre-delete hook (when its template has one) and
   * waits for its Jobs to complete, then deletes the hook's and the deploy work and waits until
   * both are gone with their resources.
   */
  void remove() {
    RenderedAddOn rendered = state.rendered;
    String hookWork = ManagedClusterAddOn.hookWorkName(name());
    if (rendered != null && rendered.hook() != null && state.workRevision > 0) {
      setHook(Conditions.FALSE, "HookManifestIsNotCompleted", "running the pre-delete hook");
      try {
        works("run the pre-delete hook of add-on " + name() + " on " + cluster())
            .apply(generated(hookWork, rendered.hook(), 1, true));
        while (!Waits.until(
            HOOK_WAIT, "wait for the pre-delete hook of " + name(), this::hookCompleted)) {
          Workflow.setCurrentDetails(
              "**Removing add-on "
                  + name()
                  + "** from `"
                  + cluster()
                  + "`: the pre-delete hook"
                  + " has not completed; removal waits for it, as OCM's does");
        }
        setHook(Conditions.TRUE, "HookManifestIsCompleted", "the pre-delete hook completed");
      } catch (ActivityFailure e) {
        setHook(
            Conditions.FALSE,
            "HookManifestFailed",
            "could not run the pre-delete hook: " + e.getCause().getMessage());
      }
    }
    for (String work : List.of(hookWork, ManagedClusterAddOn.deployWorkName(name()))) {
      works("delete ManifestWork " + work + " from " + cluster())
          .delete(cluster(), work, actor("removal"));
    }
    for (String work : List.of(hookWork, ManagedClusterAddOn.deployWorkName(name()))) {
      while (!works("check that " + work + " is gone from " + cluster()).gone(cluster(), work)) {
        Waits.sleep(GONE_POLL, "wait until " + work + " is gone from " + cluster());
      }
    }
  }

  /**
   * Every Job or Pod of the hook reports Complete, by the work's well-known condition rule; or the
   * hook's work is gone without running (a forced release orphaned it), so waiting is over.
   */
  private boolean hookCompleted() {
    StatusReport report = state.hookReport;
    if (report != null && report.deleted()) {
      return true;
    }
    if (report == null || report.manifests() == null || report.manifests().isEmpty()) {
      return false;
    }
    return report.manifests().stream()
        .filter(m -> List.of("Job", "Pod").contains(m.resourceMeta().kind()))
        .allMatch(m -> Conditions.isTrue(m.conditions(), "Complete"));
  }

  private void setHook(String status, String reason, String message) {
    Conditions.set(
        state.addOn.getStatus().getConditions(),
        ManagedClusterAddOn.CONDITION_HOOK_MANIFEST_COMPLETED,
        status,
        reason,
        message,
        EntityClock.now(),
        null);
    ObjectChanges.bump(state.addOn);
  }

  /**
   * The add-on's work at a revision.
   *
   * @param first whether the add-on never gave the cluster this work, so it is created unread
   */
  private GeneratedWork generated(
      String work, ManifestWorkSpec spec, long revision, boolean first) {
    return new GeneratedWork(
        cluster(),
        work,
        Map.of(ManagedClusterAddOn.ADDON_NAME_LABEL, name()),
        Map.of(),
        spec,
        revision,
        actor("revision " + revision),
        first);
  }

  private Actor actor(String what) {
    return Actor.system("addon", "ManagedClusterAddOn " + cluster() + "/" + name() + " " + what);
  }

  private static GeneratedWorkActivities works(String summary) {
    return GeneratedWorkStubs.of(summary);
  }

  private String name() {
    return state.addOn.getMetadata().getName();
  }

  private String cluster() {
    return state.addOn.getMetadata().getNamespace();
  }
}
