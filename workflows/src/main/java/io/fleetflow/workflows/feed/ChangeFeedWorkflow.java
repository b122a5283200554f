package io.fleetflow.workflows.feed;

import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The change feed ({@link ChangeFeed}): its history is the global order of every entity's changes.
 * It holds no state of its own beyond counting; readers follow its history, not its queries. It
 * runs forever, continuing as new (run sequence + 1) when Temporal suggests it.
 */
@WorkflowInterface
public interface ChangeFeedWorkflow {
  /**
   * Receives changes until the history is long enough, then continues as new.
   *
   * @param run this run's sequence number, the first part of every position in its history
   */
  @WorkflowMethod(name = ChangeFeed.WORKFLOW_TYPE)
  void run(long run);

  /**
   * Records one change: the signal's event in this history is the change's place in the order. Hubs
   * before batching sent this; it stays for the signals they may still send.
   */
  @SignalMethod(name = ChangeFeed.PUBLISH)
  void publish(EntityChange change);

  /**
   * Records a batch of changes: the signal's event, and each change's index in the batch, are the
   * changes' places in the order.
   */
  @SignalMethod(name = ChangeFeed.PUBLISH_BATCH)
  void publishBatch(List<EntityChange> changes);

  /** This run's sequence number and how many changes it recorded, for operators. */
  @QueryMethod(name = "progress")
  String progress();
}
