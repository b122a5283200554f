package io.fleetflow.activities.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.activities.hub.feed.ChangeBatcher;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands changes to the feed through a {@link ChangeBatcher} shared by every entity of this hub
 * worker: the changes made while one batch is on its way leave as the next, in one
 * signal-with-start (so the first change starts the feed). The activity returns when the feed holds
 * its change.
 */
public class ChangeFeedActivitiesImpl implements ChangeFeedActivities {
  /** Below the local activity's start-to-close timeout, so that a stuck send frees its thread. */
  private static final long WAIT_SECONDS = 9;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkflowClient client;
  private final String taskQueue;
  private final ChangeBatcher batches =
      new ChangeBatcher(
          this::send,
          ChangeFeed.MAX_BATCH,
          ChangeFeed.MAX_BATCH_BYTES,
          ChangeFeedActivitiesImpl::size);

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
    try {
      batches.submit(change).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the change feed did not take the change in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  private void send(List<EntityChange> batch) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(ChangeFeed.WORKFLOW_ID)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary("The global order of every entity's changes, for the gateways")
            .build();
    client
        .newUntypedWorkflowStub(ChangeFeed.WORKFLOW_TYPE, options)
        .signalWithStart(
            ChangeFeed.PUBLISH_BATCH, new Object[] {batch}, new Object[] {ChangeFeed.FIRST_RUN});
  }

  /** A change's size as it travels; one too odd to measure counts as a whole batch. */
  private static int size(EntityChange change) {
    try {
      return JSON.writeValueAsBytes(change).length;
    } catch (JsonProcessingException e) {
      return ChangeFeed.MAX_BATCH_BYTES;
    }
  }
}
