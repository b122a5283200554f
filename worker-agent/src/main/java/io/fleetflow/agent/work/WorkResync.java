package io.fleetflow.agent.work;

import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
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
   * visibility; a work that finished since the listing has nothing to send.
   *
   * @return how many works were asked
   */
  public static int requestAll(EntityClient hub, String clusterName) {
    ClusterChange change = new ClusterChange("the agent of " + clusterName + " started", List.of());
    int asked =
        hub.signalAll(
            WorkKinds.MANIFEST_WORK,
            Visibility.of(WorkKinds.MANIFEST_WORK).onCluster(clusterName),
            ManifestWorkWorkflow.CLUSTER_CHANGED,
            change);
    log.info("cluster {}: asked {} works to be sent again", clusterName, asked);
    return asked;
  }
}
