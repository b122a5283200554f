package io.fleetflow.activities.hub.liveness;

import com.google.protobuf.util.Timestamps;
import io.fleetflow.activities.agent.AgentActivities;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import java.util.OptionalLong;

/**
 * Reads a cluster's pollers with Temporal's {@code DescribeTaskQueue}: the agent's activity workers
 * poll {@code cluster-<name>} without pause (each poll waits up to a minute for a task), and the
 * server keeps each poller's latest poll time for some minutes after it stops.
 */
public final class TaskQueuePollers implements Pollers {
  private final WorkflowClient client;

  public TaskQueuePollers(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public OptionalLong lastPoll(String cluster) {
    var answer =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeTaskQueue(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setTaskQueue(
                        TaskQueue.newBuilder().setName(AgentActivities.taskQueue(cluster)))
                    .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
                    .build());
    return answer.getPollersList().stream()
        .filter(PollerInfo::hasLastAccessTime)
        .mapToLong(p -> Timestamps.toMillis(p.getLastAccessTime()))
        .max();
  }
}
