package io.fleetflow.activities.hub.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A sweep reports only the agents that crossed their cluster's allowance, either way. */
class LivenessSweepTest {
  private static final long NOW = 1_000_000_000L;
  private static final long ALLOWANCE = 150;

  /** When the hub started remembering polls, long before the sweeps below. */
  private static final long LONG_AGO = NOW - 3_600_000L;

  static Stream<Arguments> agents() {
    return Stream.of(
        Arguments.of("a live agent that polled a moment ago", true, NOW - 5_000L, LONG_AGO, null),
        Arguments.of(
            "a live agent whose idle poll started 70 s ago", true, NOW - 70_000L, LONG_AGO, null),
        Arguments.of(
            "a live agent at the very edge of its allowance", true, NOW - 150_000L, LONG_AGO, null),
        Arguments.of("a live agent past its allowance", true, NOW - 150_001L, LONG_AGO, false),
        Arguments.of("a live agent the hub knows no poll of", true, null, LONG_AGO, false),
        Arguments.of(
            "a live agent no poll is known of, a moment after the hub started",
            true,
            null,
            NOW - 5_000L,
            null),
        Arguments.of(
            "a live agent no poll is known of, an allowance after the hub started",
            true,
            null,
            NOW - 150_001L,
            false),
        Arguments.of("a gone agent that polls again", false, NOW - 1_000L, LONG_AGO, true),
        Arguments.of("a gone agent still gone", false, NOW - 600_000L, LONG_AGO, null),
        Arguments.of("a gone agent Temporal has forgotten", false, null, LONG_AGO, null),
        Arguments.of(
            "a gone agent no poll is known of, a moment after the hub started",
            false,
            null,
            NOW - 5_000L,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agents")
  void eachAgentIsJudgedByItsLastPoll(
      String scenario, boolean reachable, Long lastPoll, long since, Boolean crossesTo) {
    WatchedCluster cluster = new WatchedCluster("c1", ALLOWANCE, reachable);
    Map<String, Long> polls = lastPoll == null ? Map.of() : Map.of("c1", lastPoll);

    List<Crossing> crossings = LivenessSweep.crossings(List.of(cluster), polls, since, NOW);

    if (crossesTo == null) {
      assertThat(crossings).isEmpty();
    } else {
      assertThat(crossings)
          .containsExactly(new Crossing("c1", crossesTo, lastPoll == null ? 0 : lastPoll));
    }
  }

  @Test
  void onlyTheCrossingsOfAFleetAreReported() {
    List<WatchedCluster> fleet =
        List.of(
            new WatchedCluster("steady", ALLOWANCE, true),
            new WatchedCluster("stopped", ALLOWANCE, true),
            new WatchedCluster("back", ALLOWANCE, false),
            WatchedCluster.unwatch("leaving"));
    Map<String, Long> polls =
        Map.of("steady", NOW - 1_000L, "stopped", NOW - 400_000L, "back", NOW, "leaving", 0L);

    assertThat(LivenessSweep.crossings(fleet, polls, LONG_AGO, NOW))
        .containsExactly(
            new Crossing("stopped", false, NOW - 400_000L), new Crossing("back", true, NOW));
  }
}
