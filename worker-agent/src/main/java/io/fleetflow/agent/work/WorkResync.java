package io.fleetflow.agent.work;

import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every running work of the agent's cluster to be sent again, after the agent starts. A
 * restarted agent knows nothing of what it applied before, and a restarted cluster may have lost
 * the objects; each work's apply restores its objects and lets the agent watch them again. Works
 * with a workflow of their own are found by visibility; works held by a replica set are asked of
 * the holders the agent remembered ({@link HolderRegistry}).
 */
public final class WorkResync {
  private static final Logger log = LoggerFactory.getLogger(WorkResync.class);

  private WorkResync() {}

  /**
   * Signals {@code clusterChanged} to each running ManifestWork of the cluster, found by
   * visibility, and to each holder in {@code registry}, naming the cluster; a work that finished
   * since the listing has nothing to send, and a holder that no longer exists is forgotten.
   *
   * @return how many works and holders were asked
   */
  public static int requestAll(EntityClient hub, String clusterName, HolderRegistry registry) {
    String reason = "the agent of " + clusterName + " started";
    int asked =
        hub.signalAll(
            WorkKinds.MANIFEST_WORK,
            Visibility.of(WorkKinds.MANIFEST_WORK).onCluster(clusterName),
            ManifestWorkWorkflow.CLUSTER_CHANGED,
            new ClusterChange(reason, List.of()));
    int holders = 0;
    for (String holder : registry.holders()) {
      try {
        hub.entity(RolloutKinds.MANIFEST_WORK_REPLICA_SET, holder)
            .signal(
                ManifestWorkWorkflow.CLUSTER_CHANGED,
                new ClusterChange(reason, List.of(), clusterName));
        holders++;
      } catch (EntityException.NotFound e) {
        registry.forget(holder);
      }
    }
    log.info(
        "cluster {}: asked {} works and {} holders of works to send them again",
        clusterName,
        asked,
        holders);
    return asked + holders;
  }
}
