package io.fleetflow.model.addon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.placement.AddOnPlacementScore.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The free share of a resource on OCM's score range. */
class ResourceScoresTest {
  @ParameterizedTest(name = "{0} of {1} requested scores {2}")
  @CsvSource({
    "0, 3800, 100",
    "1900, 3800, 0",
    "3000, 3800, -58",
    "3800, 3800, -100",
    "5000, 3800, -100",
    "0, 0, -100"
  })
  void scores(long requested, long allocatable, int expected) {
    assertThat(
            ResourceScores.of(
                new ResourceScores.FreeResources(allocatable, requested, allocatable, requested)))
        .containsExactly(
            new Score(ResourceScores.CPU_AVAILABLE, expected),
            new Score(ResourceScores.MEMORY_AVAILABLE, expected));
  }
}
