package io.fleetflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A joining agent looks for the hub's decision soon after its join, when an auto-approval rule has
 * just decided, and settles at one look every two seconds for a request an operator has yet to
 * decide.
 */
class DecisionPollsTest {

  @ParameterizedTest(name = "look {0} waits {1} ms")
  @CsvSource({"0, 100", "1, 200", "2, 400", "3, 800", "4, 1600", "5, 2000", "6, 2000", "60, 2000"})
  void waitsDoubleFromATenthOfASecondUpToTwoSeconds(int look, long millis) {
    assertThat(DecisionPolls.before(look)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "the first {0} looks take at most {1} ms")
  @CsvSource({"1, 100", "4, 1500", "5, 3100"})
  void aRuleDecidingAtOnceIsSeenWithinATenthOfASecond(int looks, long totalMillis) {
    long waited = 0;
    for (int look = 0; look < looks; look++) {
      waited += DecisionPolls.before(look).toMillis();
    }
    assertThat(waited).isEqualTo(totalMillis);
  }
}
