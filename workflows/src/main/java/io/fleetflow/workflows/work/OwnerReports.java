package io.fleetflow.workflows.work;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fleetflow.model.work.ManifestWork;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
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

  private OwnerReports() {}

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
    if (report.equals(state.reportedToOwner)
        || Workflow.getVersion(OWNER_REPORTS, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return;
    }
    state.reportedToOwner = report;
    String ownerId = owner.get().workflowId();
    try {
      Workflow.newUntypedExternalWorkflowStub(ownerId).signal(WorkOwners.STATUS_CHANGED, report);
    } catch (SignalExternalWorkflowException | ApplicationFailure e) {
      // The SDK reports a missing owner as either, depending on when the server answers.
      Workflow.getLogger(OwnerReports.class)
          .info(
              "owner {} of ManifestWork {} is gone: {}",
              ownerId,
              work.getMetadata().getName(),
              e.getMessage());
    }
  }
}
