package io.fleetflow.activities.hub.liveness;

/**
 * A cluster whose agent the hub finds alive by its polls of the cluster's task queue, not by lease
 * renewals.
 *
 * @param name the cluster's name (its task queue is {@code cluster-<name>})
 * @param staleAfterSeconds how long after the agent's last poll it counts as gone; 0 or less takes
 *     the cluster out of the watch
 * @param reachable whether the hub counts the agent as polling now
 */
public record WatchedCluster(String name, long staleAfterSeconds, boolean reachable) {
  /** The request to stop watching a cluster. */
  public static WatchedCluster unwatch(String name) {
    return new WatchedCluster(name, 0, true);
  }

  /** Whether this asks to stop watching. */
  public boolean unwatches() {
    return staleAfterSeconds <= 0;
  }
}
