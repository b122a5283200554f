package io.fleetflow.observability;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Puts the cluster an activity or workflow is about into the log's MDC under {@value #KEY}, beside
 * the Temporal SDK's own {@code WorkflowId}, so that an operator finds every line about one cluster
 * with one search. The agent knows its cluster; the hub derives it from the workflow id ({@link
 * #clusterOf}). Only the logging context changes: no workflow state, so replay is unaffected.
 */
public final class ClusterLogContext extends WorkerInterceptorBase {
  /** The MDC key of the cluster's name. */
  public static final String KEY = "cluster";

  private final Function<String, String> clusterOfWorkflow;

  private ClusterLogContext(Function<String, String> clusterOfWorkflow) {
    this.clusterOfWorkflow = clusterOfWorkflow;
  }

  /** For an agent's worker: every activity it runs is about its one cluster. */
  public static ClusterLogContext of(String cluster) {
    return new ClusterLogContext(workflowId -> cluster);
  }

  /** For the hub's worker: the cluster comes from the workflow id, where the id names one. */
  public static ClusterLogContext fromWorkflowIds() {
    return new ClusterLogContext(ClusterLogContext::clusterOf);
  }

  /**
   * The cluster a workflow id names: {@code ManagedCluster/c1}, {@code ManifestWork/c1/web} (a
   * work's namespace is its cluster) and {@code ClusterTakeover/c1} are about {@code c1}; other ids
   * name no cluster (null).
   */
  public static String clusterOf(String workflowId) {
    if (workflowId == null) {
      return null;
    }
    String[] parts = workflowId.split("/");
    if (parts.length < 2 || parts[1].isEmpty()) {
      return null;
    }
    return switch (parts[0]) {
      case "ManagedCluster", "ClusterTakeover" -> parts.length == 2 ? parts[1] : null;
      case "ManifestWork" -> parts.length == 3 ? parts[1] : null;
      default -> null;
    };
  }

  private void tag(String workflowId) {
    String cluster = clusterOfWorkflow.apply(workflowId);
    if (cluster != null) {
      MDC.put(KEY, cluster);
    } else {
      MDC.remove(KEY);
    }
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String workflowId;

      @Override
      public void init(ActivityExecutionContext context) {
        // The SDK hands the context here; Activity.getExecutionContext() is not for interceptors.
        workflowId = context.getInfo().getWorkflowId();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        tag(workflowId);
        try {
          return super.execute(input);
        } finally {
          MDC.remove(KEY);
        }
      }
    };
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public WorkflowOutput execute(WorkflowInput input) {
        // The workflow's own thread keeps the entry for its whole run.
        tag(Workflow.getInfo().getWorkflowId());
        return super.execute(input);
      }
    };
  }
}
