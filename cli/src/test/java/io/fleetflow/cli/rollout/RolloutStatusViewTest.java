package io.fleetflow.cli.rollout;

import static io.fleetflow.cli.rollout.RolloutFixtures.phase;
import static io.fleetflow.cli.rollout.RolloutFixtures.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The status screen, line for line. The expected texts are what the launcher's former Python
 * renderer printed for the same objects, so users and scripts see the same screen as before.
 */
class RolloutStatusViewTest {

  static Stream<Arguments> screens() {
    return Stream.of(
        Arguments.of(
            "a gate waits: the gate, its expiry, how to approve it, and the stage it holds",
            replicaSet("gated", "5", 3, 6, RolloutFixtures.waitingForBatch2()),
            """
            apps/gated  revision 2  WaitingForApproval
            [###############---------------] 3/6 clusters updated (50%)
            stage batch-2 of all waits for approval

            WAITING FOR APPROVAL: stage batch-2 of placement all since 2026-01-02T10:00:00Z, \
            expires 2026-01-02T14:00:00Z (then Pause)
              approve with: ./fleetflow rollout approve gated -n apps --comment TEXT

            PLACEMENT  STAGE    CLUSTERS  SUCCEEDED  APPLYING  FAILED  TIMEDOUT  WAITING
            all        batch-1  3         3          0         0       0         0
            all        batch-2  3         0          0         0       0         3        \
            <- waiting for approval
            """),
        Arguments.of(
            "a stage rolls out: the current stage marked, failed and timed-out clusters listed",
            replicaSet("web", "7", 4, 6, RolloutFixtures.progressingWithProblems()),
            """
            apps/web  revision 3  Progressing
            [####################----------] 4/6 clusters updated (66%)

            PLACEMENT  STAGE    CLUSTERS  SUCCEEDED  APPLYING  FAILED  TIMEDOUT  WAITING
            all        batch-1  3         3          0         0       0         0
            all        batch-2  3         1          0         1       1         0        \
            <- current

            PROBLEMS
              r5 (failed): Widget not applied
              r6 (timedOut):\s
            """),
        Arguments.of(
            "no rollout status yet: Pending with an empty bar",
            replicaSet("new", "1", 0, 0, null),
            """
            apps/new  revision 0  Pending
            [------------------------------] 0/0 clusters updated
            """),
        Arguments.of(
            "succeeded without stages: the header and a full bar",
            replicaSet("web", "9", 6, 6, phase("Succeeded")),
            """
            apps/web  revision 1  Succeeded
            [##############################] 6/6 clusters updated (100%)
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void rendersTheScreen(
      String scenario, io.fleetflow.model.rollout.ManifestWorkReplicaSet set, String expected) {
    assertThat(RolloutStatusView.render(set, "./fleetflow")).isEqualTo(expected);
  }

  @Test
  void theApprovalHintNamesTheCommandTheUserRuns() {
    assertThat(
            RolloutStatusView.render(
                replicaSet("gated", "5", 3, 6, RolloutFixtures.waitingForBatch2()),
                "kubectl fleetflow"))
        .contains("  approve with: kubectl fleetflow rollout approve gated -n apps --comment TEXT");
  }

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0 | [------------------------------] 0/0 clusters updated",
        "0 | 9 | [------------------------------] 0/9 clusters updated (0%)",
        "3 | 9 | [##########--------------------] 3/9 clusters updated (33%)",
        "1 | 200 | [------------------------------] 1/200 clusters updated (0%)",
        "199 | 200 | [#############################-] 199/200 clusters updated (99%)",
        "6 | 6 | [##############################] 6/6 clusters updated (100%)",
        "7 | 6 | [##############################] 7/6 clusters updated (116%)"
      })
  void theProgressBarIsThirtyWideAndRoundsDown(int updated, int total, String expected) {
    assertThat(RolloutStatusView.progressBar(updated, total)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is final: {1}")
  @CsvSource({
    "Succeeded, true",
    "Aborted, true",
    "RolledBack, true",
    "Failed, true",
    "Progressing, false",
    "WaitingForApproval, false",
    "Paused, false",
    "RollingBack, false",
    "Deleting, false"
  })
  void aWatchEndsOnlyWhenTheRolloutHasNothingMoreToDoByItself(String phase, boolean isFinal) {
    assertThat(RolloutStatusView.isFinal(replicaSet("web", "1", 0, 1, phase(phase))))
        .isEqualTo(isFinal);
  }

  @Test
  void aReplicaSetWithoutRolloutStatusIsNotFinal() {
    assertThat(RolloutStatusView.isFinal(replicaSet("web", "1", 0, 0, null))).isFalse();
  }
}
