package io.fleetflow.workflows.work;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fleetflow.activities.hub.OwnerNoticeActivities;
import io.fleetflow.model.work.ManifestWork;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ManifestWork workflow's side of {@link WorkOwners}: tells the object that generated the work
 * (a ManifestWorkReplicaSet, a ManagedClusterAddOn) about its status when it changed since the last
 * report. A collaborator of the workflow, in workflow code.
 */
final class OwnerReports {
  /** The change that made works report to their owner (executions before it never do). */
  static final String OWNER_REPORTS = "owner-reports";

  /**
   * Version 2 of {@value #OWNER_REPORTS}: a report travels by local activity (one marker event)
   * instead of a signal to an external workflow (two events and a workflow task of their own).
   */
  static final int BY_LOCAL_ACTIVITY = 2;

  private OwnerReports() {}

  private static OwnerNoticeActivities notices() {
    return Workflow.newLocalActivityStub(
        OwnerNoticeActivities.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(Duration.ofMinutes(2))
            .setSummary("tell the owner about the work's status")
            .build());
  }

  private static void ownerGone(String ownerId, ManifestWork work, String why) {
    Workflow.getLogger(OwnerReports.class)
        .info(
            "owner {} of ManifestWork {} is gone: {}", ownerId, work.getMetadata().getName(), why);
  }

  /**
   * Reports the work's status to its owner, if it has one and the status changed. An owner that is
   * gone is not an error of the work.
   */
  static void report(ManifestWorkState state, boolean deleted) {
    ManifestWork work = state.work;
    String cluster = work.getMetadata().getNamespace();
    Optional<WorkOwners.Owner> owner = WorkOwners.ownerOf(cluster, work.getMetadata().getLabels());
    if (owner.isEmpty()) {
      return;
    }
    List<Condition> conditions =
        work.getStatus().getConditions().stream()
            .map(c -> new ConditionBuilder(c).build())
            .toList();
    WorkOwners.StatusReport report =
        new WorkOwners.StatusReport(
            cluster,
            work.getMetadata().getName(),
            work.getMetadata().getGeneration(),
            conditions,
            deleted,
            owner.get().withManifests()
                ? List.copyOf(work.getStatus().getResourceStatus().manifests())
                : null);
    if (report.equals(state.reportedToOwner)) {
      return;
    }
    int version = Workflow.getVersion(OWNER_REPORTS, Workflow.DEFAULT_VERSION, BY_LOCAL_ACTIVITY);
    if (version == Workflow.DEFAULT_VERSION) {
      return;
    }
    state.reportedToOwner = report;
    String ownerId = owner.get().workflowId();
    if (version >= BY_LOCAL_ACTIVITY) {
      try {
        if (!notices().notice(ownerId, WorkOwners.STATUS_CHANGED, report)) {
          ownerGone(ownerId, work, "its workflow does not run");
        }
        return;
      } catch (ActivityFailure e) {
        // Temporal refused the hub's signal for too long: hand the report to the server instead,
        // which delivers it however long it takes.
        Workflow.getLogger(OwnerReports.class)
            .warn("could not tell owner {} directly: {}", ownerId, e.getMessage());
      }
    }
    try {
      Workflow.newUntypedExternalWorkflowStub(ownerId).signal(WorkOwners.STATUS_CHANGED, report);
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // The SDK reports a missing owner as either, depending on when the server answers.
      ownerGone(ownerId, work, e.getMessage());
    }
  }
}
