package io.fleetflow.workflows.cluster;

import io.fleetflow.activities.hub.liveness.WatchedCluster;
import java.util.TreeMap;

/** What one run of the liveness sweep hands the next: the watched clusters by name. */
public class ClusterLivenessState {
  public TreeMap<String, WatchedCluster> watched = new TreeMap<>();
}
