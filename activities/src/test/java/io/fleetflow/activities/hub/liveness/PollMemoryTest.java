package io.fleetflow.activities.hub.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hub remembers the latest poll it saw of each watched agent, whatever Temporal forgets. */
class PollMemoryTest {
  private static final WatchedCluster ONE = new WatchedCluster("one", 150, true);
  private static final WatchedCluster TWO = new WatchedCluster("two", 150, true);

  private final PollMemory memory = new PollMemory(1_000L);

  @Test
  void aRestartedServerThatKnowsNoPollerLeavesThePollsSeenBefore() {
    memory.remember(List.of(ONE, TWO), Map.of("one", 5_000L, "two", 6_000L));

    assertThat(memory.remember(List.of(ONE, TWO), Map.of("two", 9_000L)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("one", 5_000L, "two", 9_000L));
  }

  @Test
  void aPollNeverMovesBackInTime() {
    memory.remember(List.of(ONE), Map.of("one", 8_000L));

    assertThat(memory.remember(List.of(ONE), Map.of("one", 7_000L)))
        .containsExactlyEntriesOf(Map.of("one", 8_000L));
  }

  @Test
  void aClusterThatLeavesTheWatchIsForgotten() {
    memory.remember(List.of(ONE, TWO), Map.of("one", 5_000L, "two", 6_000L));
    memory.remember(List.of(ONE), Map.of());

    assertThat(memory.remember(List.of(ONE, TWO), Map.of()))
        .containsExactlyEntriesOf(Map.of("one", 5_000L));
  }

  @Test
  void aClusterNeverSeenPollingHasNoEntryAndTheMemorySaysSinceWhenItRemembers() {
    assertThat(memory.remember(List.of(ONE), Map.of())).isEmpty();
    assertThat(memory.sinceMillis()).isEqualTo(1_000L);
  }
}
