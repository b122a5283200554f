package io.fleetflow.agent.view;

import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.view.ViewKinds;
import io.fleetflow.workflows.view.ManagedClusterViewWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every running view of the agent's cluster to be sent again, after the agent starts: a new
 * agent holds no watches, so until each view is sent again the hub would show objects as they were
 * when the old agent stopped.
 */
public final class ViewResync {
  private static final Logger log = LoggerFactory.getLogger(ViewResync.class);

  private ViewResync() {}

  /**
   * Signals a resync {@code viewChanged} to each running ManagedClusterView of the cluster, found
   * by visibility.
   *
   * @return how many views were asked
   */
  public static int requestAll(EntityClient hub, String clusterName) {
    int asked =
        hub.signalAll(
            ViewKinds.MANAGED_CLUSTER_VIEW,
            Visibility.of(ViewKinds.MANAGED_CLUSTER_VIEW).onCluster(clusterName),
            ManagedClusterViewWorkflow.VIEW_CHANGED,
            ViewReport.resyncRequest());
    log.info("cluster {}: asked {} views to be sent again", clusterName, asked);
    return asked;
  }
}
