package io.fleetflow.client.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which refusals of a read of the feed the follower asks again from the same place, and which make
 * it list everything again. (Temporal's test server cannot serve the follower's long polls of a
 * history, so the follow itself is exercised on the dev server, by the end-to-end tests and the
 * read-path benchmark.)
 */
class FeedFollowerTest {
  @ParameterizedTest(name = "{0}: asked again from the same place: {1}")
  @CsvSource({
    // A busy feed under a burst of changes ("Workflow is busy"), a server restarting or slow.
    "RESOURCE_EXHAUSTED, true",
    "UNAVAILABLE, true",
    "DEADLINE_EXCEEDED, true",
    "ABORTED, true",
    // The run is gone (retention) or the page token no longer holds: only a list makes it whole.
    "NOT_FOUND, false",
    "INVALID_ARGUMENT, false",
    "PERMISSION_DENIED, false",
    "INTERNAL, false",
    "UNKNOWN, false"
  })
  void passingRefusalsAreAskedAgainAndOthersListAgain(Status.Code code, boolean passing) {
    assertThat(FeedFollower.passing(code)).isEqualTo(passing);
  }
}
