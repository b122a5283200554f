package io.fleetflow.activities.hub;

import io.fleetflow.activities.hub.feed.FeedBatches;
import io.fleetflow.activities.hub.feed.FeedRuns;
import io.fleetflow.activities.rounds.SharedRounds;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.Priority;
import java.util.List;

/**
 * Hands changes to the feed in {@link SharedRounds} shared by every entity of this hub worker, a
 * group commit: a change made while no round runs leaves at once, alone; the changes made while a
 * round is on its way leave together in the next, cut into batches ({@link FeedBatches}) that each
 * travel in one signal (a signal-with-start when no feed runs). The activity returns when the feed
 * holds its change; a round that fails fails its callers, who publish again (at least once, as
 * before).
 */
public class ChangeFeedActivitiesImpl implements ChangeFeedActivities {

  /**
   * The feed's priority, above everything else on the hub's queue (Temporal's default is 3 of 5):
   * every gateway's view waits for its workflow tasks, and a feed whose tasks wait behind a fleet's
   * joins keeps taking signals without continuing as new, towards Temporal's history size limit (a
   * run of the 1,000-cluster benchmark saw its first task start 4.5 minutes late, at 28 MB).
   * Continue-as-new keeps the priority of the run it continues.
   */
  static final Priority FEED_PRIORITY = Priority.newBuilder().setPriorityKey(1).build();

  private final WorkflowClient client;
  private final String taskQueue;
  private final SharedRounds<EntityChange, Void> rounds = new SharedRounds<>(this::sendRound);

  /**
   * @param client the hub's client
   * @param taskQueue the hub's task queue, where the feed runs
   */
  public ChangeFeedActivitiesImpl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public void publish(EntityChange change) {
    rounds.request(change);
  }

  @Override
  public void publishAll(List<EntityChange> changes) {
    // The list is a round of its own already: it leaves at once, cut into batches.
    sendRound(changes);
  }

  private Void sendRound(List<EntityChange> changes) {
    for (List<EntityChange> batch :
        FeedBatches.split(
            changes, ChangeFeed.MAX_BATCH, ChangeFeed.MAX_BATCH_BYTES, FeedBatches::size)) {
      send(batch);
    }
    return null;
  }

  /**
   * Signals the running feed; when none runs (never started, or ended), starts one with the batch
   * at the run number after the last ({@link FeedRuns#nextFreshRun}). Two hubs that start it at
   * once both signal the one that started first.
   */
  private void send(List<EntityChange> batch) {
    try {
      client.newUntypedWorkflowStub(ChangeFeed.WORKFLOW_ID).signal(ChangeFeed.PUBLISH_BATCH, batch);
    } catch (WorkflowNotFoundException notRunning) {
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .setWorkflowId(ChangeFeed.WORKFLOW_ID)
              .setTaskQueue(taskQueue)
              .setWorkflowIdReusePolicy(
                  WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
              .setStaticSummary("The global order of every entity's changes, for the gateways")
              .setPriority(FEED_PRIORITY)
              .build();
      client
          .newUntypedWorkflowStub(ChangeFeed.WORKFLOW_TYPE, options)
          .signalWithStart(
              ChangeFeed.PUBLISH_BATCH,
              new Object[] {batch},
              new Object[] {FeedRuns.nextFreshRun(client)});
    }
  }
}
