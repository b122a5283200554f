package io.fleetflow.activities.hub.feed;

import io.fleetflow.model.feed.ChangeFeed;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import java.util.Optional;

/**
 * The feed's run numbers, the first part of every position: they only grow, across continue-as-new
 * and across a feed that ended and was started again.
 */
public final class FeedRuns {
  private FeedRuns() {}

  /** A feed run's sequence number: the input its first event carries. */
  public static long runNumber(WorkflowClient client, WorkflowExecution execution) {
    HistoryEvent started =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(execution)
                    .setMaximumPageSize(1)
                    .build())
            .getHistory()
            .getEvents(0);
    Long run =
        client
            .getOptions()
            .getDataConverter()
            .fromPayloads(
                0,
                Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()),
                Long.class,
                Long.class);
    return run == null ? 0 : run;
  }

  /**
   * The run number a feed that is not running starts at: {@link ChangeFeed#FIRST_RUN} when there
   * never was one, else one past the last run, so that positions never go backwards for the
   * gateways (a run that Temporal terminated, at its history size limit or by an operator, would
   * otherwise be followed by one that hands out its positions again).
   */
  public static long nextFreshRun(WorkflowClient client) {
    WorkflowExecution latest;
    try {
      latest =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(ChangeFeed.WORKFLOW_ID))
                      .build())
              .getWorkflowExecutionInfo()
              .getExecution();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return ChangeFeed.FIRST_RUN;
      }
      throw e;
    }
    return Math.max(ChangeFeed.FIRST_RUN, runNumber(client, latest) + 1);
  }
}
