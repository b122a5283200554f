package io.fleetflow.agent.work;

import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every running work of the agent's cluster to be sent again, after the agent starts. A
 * restarted agent knows nothing of what it applied before, and a restarted cluster may have lost
 * the objects; each work's apply restores its objects and lets the agent watch them again.
 */
public final class WorkResync {
  private static final Logger log = LoggerFactory.getLogger(WorkResync.class);

  private WorkResync() {}

  /**
   * Signals {@code clusterChanged} to each running ManifestWork of the cluster, found by
   * visibility.
   *
   * @return how many works were asked
   */
  public static int requestAll(WorkflowClient hub, String clusterName) {
    String query = FleetflowSearchAttributes.runningWorksOf(clusterName);
    List<String> works =
        hub.listExecutions(query).map(m -> m.getExecution().getWorkflowId()).toList();
    ClusterChange change = new ClusterChange("the agent of " + clusterName + " started", List.of());
    int asked = 0;
    for (String workflowId : works) {
      try {
        hub.newUntypedWorkflowStub(workflowId).signal(ManifestWorkWorkflow.CLUSTER_CHANGED, change);
        asked++;
      } catch (WorkflowNotFoundException e) {
        // Finished between the listing and the signal: nothing to send.
      }
    }
    log.info("cluster {}: asked {} works to be sent again", clusterName, asked);
    return asked;
  }
}
