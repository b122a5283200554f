package io.fleetflow.workflows.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When an entity starts a new run, and when it refuses a write it could not carry. */
class HistoryBoundTest {
  @ParameterizedTest(name = "suggested {0}, held in its run {1}: continue as new {2}")
  @CsvSource({
    "true,  false, true",
    "true,  true,  false",
    "false, false, false",
    "false, true,  false",
  })
  void anEntityContinuesAsNewWhenSuggestedUnlessAStepHoldsItInItsRun(
      boolean suggested, boolean held, boolean expected) {
    assertThat(HistoryBound.continueAsNew(suggested, held)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} bytes of history: refused {1}")
  @CsvSource({
    "0, false",
    "4194304, false",
    // The last size at which a write still fits: four of the largest writes below the limit.
    "35651584, false",
    "35651585, true",
    "52428800, true",
  })
  void writesAreRefusedOnlyNearTemporalsLimit(long bytes, boolean refused) {
    assertThat(HistoryBound.refusal(bytes).isPresent()).isEqualTo(refused);
  }

  @org.junit.jupiter.api.Test
  void theRefusalSaysHowFullTheHistoryIsAndWhenToTryAgain() {
    assertThat(HistoryBound.refusal(40L << 20))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("40 MiB")
                    .contains("50 MiB")
                    .contains("try again in a few minutes"));
  }
}
