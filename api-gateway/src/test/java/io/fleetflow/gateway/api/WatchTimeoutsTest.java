package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A watch's timeoutSeconds, as Kubernetes reads it, bounded by the gateway's 30 minutes. */
class WatchTimeoutsTest {
  @ParameterizedTest
  @CsvSource({
    "'', 1800",
    "0, 1800",
    "1, 1",
    "1800, 1800",
    "1801, 1800",
    "9223372036854775807, 1800"
  })
  void wholeSecondsAreKeptUpTo30Minutes(String given, long seconds) {
    assertThat(WatchTimeouts.parse(given)).isEqualTo(Duration.ofSeconds(seconds));
    assertThat(WatchTimeouts.parse(null)).isEqualTo(WatchTimeouts.MAX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1.5", "99999999999999999999", "-1", "1e3", " 5"})
  void anythingElseIsABadRequest(String given) {
    assertThatThrownBy(() -> WatchTimeouts.parse(given))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage()).contains("timeoutSeconds");
            });
  }
}
