package io.fleetflow.model.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Feed positions as the resourceVersions that clients hand back. */
class FeedPositionTest {
  @ParameterizedTest(name = "run {0}, event {1}, change {2} reads back from {3}")
  @CsvSource({
    "1, 0, 0, 1000000000000",
    "1, 7, 0, 1000000007000",
    "1, 7, 3, 1000000007003",
    "2, 999999999, 999, 2999999999999",
    "0, 0, 0, 0"
  })
  void aPositionReadsBackFromItsResourceVersion(long run, long event, int index, String encoded) {
    FeedPosition position = new FeedPosition(run, event, index);
    assertThat(position.toString()).isEqualTo(encoded);
    assertThat(FeedPosition.parse(encoded)).isEqualTo(position);
  }

  @Test
  void changesOfOneBatchComeAfterTheEventBeforeAndBeforeTheNextRun() {
    FeedPosition lastOfEvent7 = new FeedPosition(1, 7, 499);
    assertThat(new FeedPosition(1, 7, 0)).isLessThan(lastOfEvent7);
    assertThat(lastOfEvent7).isLessThan(new FeedPosition(1, 8));
    assertThat(FeedPosition.endOf(1, 7))
        .isGreaterThan(lastOfEvent7)
        .isLessThan(new FeedPosition(1, 8));
    assertThat(FeedPosition.endOf(1, 999_999_999)).isLessThan(new FeedPosition(2, 0));
  }

  @Test
  void anObjectsOwnResourceVersionIsNeverAFeedPosition() {
    // Objects count their own versions from 1; the feed's first run starts at RUN_SPAN.
    assertThat(new FeedPosition(ChangeFeed.FIRST_RUN, 0).encoded())
        .isEqualTo(FeedPosition.RUN_SPAN);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @CsvSource({"abc", "-5", "1.5"})
  void aResourceVersionThatIsNoPositionIsRefused(String text) {
    assertThatThrownBy(() -> FeedPosition.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  @Test
  void aBatchLargerThanAnEventHoldsIsRefused() {
    assertThatThrownBy(() -> new FeedPosition(1, 1, (int) FeedPosition.EVENT_SPAN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ChangeFeed.MAX_BATCH).isLessThan((int) FeedPosition.EVENT_SPAN);
  }
}
