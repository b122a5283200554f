package io.fleetflow.activities.hub;

import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/** Signals the feed through the client, with signal-with-start so the first change starts it. */
public class ChangeFeedActivitiesImpl implements ChangeFeedActivities {
  private final WorkflowClient client;
  private final String taskQueue;

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
            ChangeFeed.PUBLISH, new Object[] {change}, new Object[] {ChangeFeed.FIRST_RUN});
  }
}
