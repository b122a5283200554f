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
   * <p>An agent counts as polling when its last known poll lies within its cluster's allowance.
   * Temporal keeps its record of a task queue's pollers in memory, so a restarted server knows of
   * no poll until each agent has polled again, which an agent backing off after the outage may take
   * a while to do. The polls the hub saw earlier count as well ({@code lastPolls} holds the latest
   * of both), and a cluster the hub counts as reachable and knows no poll of at all stays reachable
   * until the allowance has passed since the hub started remembering ({@code sinceMillis}): without
   * that, a restart of Temporal would find every agent gone at the next sweep, and the placements
   * would drop the clusters and delete their workloads.
   *
   * @param watched the clusters and what the hub believes of them now
   * @param lastPolls when each cluster's agent last polled (epoch millis), as Temporal says now or
   *     the hub saw earlier, whichever is later; a cluster missing here has no known poll
   * @param sinceMillis when the hub started remembering polls: a reachable cluster with no known
   *     poll is given the benefit of the doubt from then on
   * @param nowMillis the time of the sweep
   */
  public static List<Crossing> crossings(
      List<WatchedCluster> watched, Map<String, Long> lastPolls, long sinceMillis, long nowMillis) {
    List<Crossing> crossed = new ArrayList<>();
    for (WatchedCluster cluster : watched) {
      if (cluster.unwatches()) {
        continue;
      }
      long lastPoll = lastPolls.getOrDefault(cluster.name(), 0L);
      // Only a poll brings a gone agent back; the benefit of the doubt only keeps one reachable.
      long evidence = lastPoll > 0 || !cluster.reachable() ? lastPoll : sinceMillis;
      boolean polling = evidence > 0 && nowMillis - evidence <= cluster.staleAfterSeconds() * 1000;
      if (polling != cluster.reachable()) {
        crossed.add(new Crossing(cluster.name(), polling, lastPoll));
      }
    }
    return crossed;
  }
}
