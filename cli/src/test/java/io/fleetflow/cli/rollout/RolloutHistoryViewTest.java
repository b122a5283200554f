package io.fleetflow.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.StageStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The history screen, line for line; the expected texts are what the launcher's former Python
 * renderer printed for the same answers.
 */
class RolloutHistoryViewTest {

  @Test
  void showsRevisionsApprovalsWithWhatTheApproverSawAndEvents() {
    assertThat(RolloutHistoryView.render(RolloutFixtures.history()))
        .isEqualTo(
            """
            REVISIONS
            REVISION  CREATED               BY     CAUSE
            1         2026-01-02T09:00:00Z  admin  created
            2         2026-01-02T10:00:00Z         template changed

            APPROVALS
              revision 2, stage batch-2 of all: approved by approver at 2026-01-02T11:00:00Z \
            ("canary looks good")
                saw: batch-1 3/3 succeeded, 0 failed, 0 timed out

            EVENTS
            TIME                  REVISION  EVENT         BY                        MESSAGE
            2026-01-02T10:00:00Z  2         GateOpened    system:fleetflow:rollout  batch-2
            2026-01-02T11:00:00Z  2         GateApproved  approver                  canary looks good
            """);
  }

  @Test
  void anEmptyHistorySaysSoUnderEachHeading() {
    assertThat(RolloutHistoryView.render(new RolloutHistory(List.of(), List.of(), List.of())))
        .isEqualTo(
            """
            REVISIONS
            REVISION  CREATED  BY  CAUSE

            APPROVALS
              none

            EVENTS
            TIME  REVISION  EVENT  BY  MESSAGE
            """);
  }

  @Test
  void anApprovalWithoutACommentOrFinishedStagesSaysSo() {
    RolloutHistory history =
        new RolloutHistory(
            null,
            List.of(
                new io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Approval(
                    1, "all", 0, "batch-1", "admin", "2026-01-02T09:00:00Z", null, List.of())),
            null);
    assertThat(RolloutHistoryView.render(history))
        .contains(
            "  revision 1, stage batch-1 of all: approved by admin at 2026-01-02T09:00:00Z\n"
                + "    saw: no finished stage\n");
  }

  @Test
  void whatAnApproverSawListsEveryFinishedStage() {
    assertThat(
            RolloutHistoryView.seen(
                List.of(
                    RolloutFixtures.BATCH_1,
                    new StageStatus("canary", 0, "mandatory", 2, 1, 0, 1, 0, 0))))
        .isEqualTo(
            "batch-1 3/3 succeeded, 0 failed, 0 timed out;"
                + " mandatory 1/2 succeeded, 1 failed, 0 timed out");
  }
}
