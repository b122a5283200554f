package io.fleetflow.workflows.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.workflows.cluster.LeaseRenewals.Probe;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which agents renew by signal, how long a polled agent may look idle, and when a polled agent
 * still reports.
 */
class LeaseRenewalsTest {
  @ParameterizedTest(name = "a lease of {0}s renews by signal: {1}")
  @CsvSource({"1, true", "10, true", "59, true", "60, false", "600, false"})
  void onlyLeasesShorterThanOcmsDefaultRenewBySignal(int lease, boolean bySignal) {
    assertThat(LeaseRenewals.bySignal(lease)).isEqualTo(bySignal);
  }

  @ParameterizedTest(name = "a grace of {0}s allows {1}s after the last poll")
  @CsvSource({
    // The default: 3 leases of 60 s, less one sweep, so a stopped agent is found within the grace.
    "180, 150",
    "300, 270",
    // A grace too short for polls that wait up to a minute: a live agent must not look gone.
    "120, 90",
    "60, 75",
    "30, 75"
  })
  void aPolledAgentIsAllowedTheGraceLessOneSweepButNeverLessThanAnIdlePoll(
      long graceSeconds, long allowanceSeconds) {
    assertThat(LeaseRenewals.staleAfter(Duration.ofSeconds(graceSeconds)))
        .isEqualTo(Duration.ofSeconds(allowanceSeconds));
  }

  static Stream<Arguments> reports() {
    Probe healthy = new Probe(true, null);
    Probe failing = new Probe(false, "/livez failed: refused");
    return Stream.of(
        Arguments.of("the first renewal of an agent", null, healthy, Duration.ZERO, true),
        Arguments.of(
            "nothing changed a minute later", healthy, healthy, Duration.ofMinutes(1), false),
        Arguments.of("the API server fails", healthy, failing, Duration.ofMinutes(1), true),
        Arguments.of(
            "it fails differently",
            failing,
            new Probe(false, "/livez failed: timeout"),
            Duration.ofMinutes(1),
            true),
        Arguments.of("it recovers", failing, healthy, Duration.ofMinutes(1), true),
        Arguments.of(
            "an hour passed (the clock check)", healthy, healthy, Duration.ofHours(1), true));
  }

  @ParameterizedTest(name = "{0}: reports {4}")
  @MethodSource("reports")
  void aPolledAgentReportsOnlyChangesAndHourly(
      String scenario, Probe last, Probe now, Duration since, boolean due) {
    assertThat(LeaseRenewals.reportDue(last, now, since)).isEqualTo(due);
  }
}
