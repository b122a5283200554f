package io.fleetflow.workflows.work;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a ManifestWorkReplicaSet in workflow tests: it keeps every status report its works send, as
 * the {@link WorkOwners} contract describes them.
 */
@WorkflowInterface
public interface RecordingOwner {
  /** The task queue the recording owner runs on in tests. */
  String TASK_QUEUE = "recording-owner";

  @WorkflowMethod
  void run();

  @SignalMethod(name = WorkOwners.STATUS_CHANGED)
  void manifestWorkStatusChanged(WorkOwners.StatusReport report);

  @QueryMethod
  List<WorkOwners.StatusReport> reports();

  /** Implements {@link RecordingOwner}. */
  class Impl implements RecordingOwner {
    private final List<WorkOwners.StatusReport> reports = new ArrayList<>();

    @Override
    public void run() {
      Workflow.await(() -> false);
    }

    @Override
    public void manifestWorkStatusChanged(WorkOwners.StatusReport report) {
      reports.add(report);
    }

    @Override
    public List<WorkOwners.StatusReport> reports() {
      return reports;
    }
  }
}
