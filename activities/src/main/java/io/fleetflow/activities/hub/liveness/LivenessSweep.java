package io.fleetflow.activities.hub.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides which watched clusters' agents crossed the line since the last sweep. Pure: the polls
 * come from Temporal's record of each task queue's pollers, the time from the caller.
 */
public final class LivenessSweep {
  private LivenessSweep() {}

  /**
   * The clusters whose agents changed from polling to gone or back.
   *
   * @param watched the clusters and what the hub believes of them now
   * @param lastPolls when each cluster's agent last polled (epoch millis); a cluster missing here
   *     has no known poll
   * @param nowMillis the time of the sweep
   */
  public static List<Crossing> crossings(
      List<WatchedCluster> watched, Map<String, Long> lastPolls, long nowMillis) {
    List<Crossing> crossed = new ArrayList<>();
    for (WatchedCluster cluster : watched) {
      if (cluster.unwatches()) {
        continue;
      }
      long lastPoll = lastPolls.getOrDefault(cluster.name(), 0L);
      boolean polling = lastPoll > 0 && nowMillis - lastPoll <= cluster.staleAfterSeconds() * 1000;
      if (polling != cluster.reachable()) {
        crossed.add(new Crossing(cluster.name(), polling, lastPoll));
      }
    }
    return crossed;
  }
}
