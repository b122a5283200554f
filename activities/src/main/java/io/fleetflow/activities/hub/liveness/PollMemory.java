package io.fleetflow.activities.hub.liveness;

import static java.util.stream.Collectors.toSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest poll of each cluster's agent that this hub process has seen, kept across sweeps so
 * that a Temporal server that restarted and forgot its pollers does not make the agents look gone
 * (see {@link LivenessSweep#crossings}). A hub that restarts starts over; it then gives the
 * clusters it counts as reachable one allowance from its first sweep.
 */
final class PollMemory {
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
  private final long sinceMillis;

  /**
   * @param sinceMillis when this memory starts (epoch millis)
   */
  PollMemory(long sinceMillis) {
    this.sinceMillis = sinceMillis;
  }

  /** When this memory started. */
  long sinceMillis() {
    return sinceMillis;
  }

  /**
   * Takes in the polls Temporal reports now and answers, for each watched cluster, the later of
   * that and the last poll seen before; clusters no longer watched are forgotten.
   *
   * @param watched the clusters the sweep watches
   * @param reported the last poll of each cluster's agent that Temporal knows of now
   */
  Map<String, Long> remember(List<WatchedCluster> watched, Map<String, Long> reported) {
    Map<String, Long> known = new HashMap<>();
    for (WatchedCluster cluster : watched) {
      String name = cluster.name();
      Long now = reported.get(name);
      Long merged = now == null ? lastSeen.get(name) : lastSeen.merge(name, now, Math::max);
      if (merged != null) {
        known.put(name, merged);
      }
    }
    lastSeen.keySet().retainAll(watched.stream().map(WatchedCluster::name).collect(toSet()));
    return known;
  }
}
