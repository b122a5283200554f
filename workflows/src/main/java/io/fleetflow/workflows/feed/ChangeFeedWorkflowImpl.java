package io.fleetflow.workflows.feed;

import io.fleetflow.model.feed.EntityChange;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Counts changes and continues as new when the history grows long; see {@link ChangeFeedWorkflow}.
 */
public class ChangeFeedWorkflowImpl implements ChangeFeedWorkflow {
  /**
   * Continue as new after this many changes even if Temporal does not suggest it yet, so that a
   * reader's catch-up over one run stays short.
   */
  static final long CHANGES_PER_RUN = 20_000;

  private long run;
  private long changes;

  @Override
  public void run(long run) {
    this.run = run;
    Workflow.await(
        () -> changes >= CHANGES_PER_RUN || Workflow.getInfo().isContinueAsNewSuggested());
    // Signals that arrived in the same workflow task are already in this history; the SDK refuses
    // to complete the run while newer ones wait, so none is lost across the hand-over.
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(run + 1);
  }

  @Override
  public void publish(EntityChange change) {
    counted(1, change);
  }

  @Override
  public void publishBatch(List<EntityChange> batch) {
    if (!batch.isEmpty()) {
      counted(batch.size(), batch.get(batch.size() - 1));
    }
  }

  private void counted(int count, EntityChange last) {
    changes += count;
    Workflow.setCurrentDetails(
        "Run "
            + run
            + ": "
            + changes
            + " changes; last "
            + last.type()
            + " "
            + last.kind()
            + " "
            + last.key());
  }

  @Override
  public String progress() {
    return "run " + run + ", " + changes + " changes";
  }
}
