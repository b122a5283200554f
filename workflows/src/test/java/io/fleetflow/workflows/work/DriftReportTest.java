package io.fleetflow.workflows.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a work words what drifted on its cluster and what the re-apply did about it. */
class DriftReportTest {
  private static final ClusterChange.Resource EDITED =
      new ClusterChange.Resource("ConfigMap", "app", "config", ClusterChange.MODIFIED);
  private static final ClusterChange.Resource GONE =
      new ClusterChange.Resource("Secret", "app", "token", ClusterChange.DELETED);
  private static final ClusterChange.Resource SCALED =
      new ClusterChange.Resource("Deployment", "app", "web", ClusterChange.STATUS_CHANGED);

  /** A re-apply that applied the ConfigMap again and no longer holds the Secret. */
  private static final ApplyResult CONFIG_REAPPLIED =
      new ApplyResult(
          List.of(
              new ResourceResult(
                  new ResourceMeta(0, "", "v1", "ConfigMap", "configmaps", "config", "app"),
                  "uid-1",
                  true,
                  true,
                  "AppliedManifestComplete",
                  "Apply manifest complete")));

  @Test
  void aResourceThatDriftedTwiceIsCorrectedOnceAndAStatusChangeIsNoDrift() {
    List<ClusterChange> changes =
        List.of(
            new ClusterChange("resources changed", List.of(EDITED, SCALED)),
            new ClusterChange("resources changed", List.of(EDITED, GONE)));

    assertThat(DriftReport.drifted(changes)).containsExactly(EDITED, GONE);
  }

  @Test
  void eachCorrectionTellsWhenWhatDriftedAndWhatTheReApplyDid() {
    assertThat(
            DriftReport.corrections(
                List.of(new ClusterChange("changed", List.of(SCALED, EDITED, GONE))),
                CONFIG_REAPPLIED,
                Instant.parse("2026-12-08T01:00:00Z")))
        .containsExactly(
            "2026-12-08T01:00:00Z ConfigMap app/config Modified on the cluster; re-applied: Apply"
                + " manifest complete",
            "2026-12-08T01:00:00Z Secret app/token Deleted on the cluster; no longer part of the"
                + " work");
  }

  @Test
  void theOutcomeNamesTheReApplyOrSaysTheWorkNoLongerHoldsTheResource() {
    assertThat(DriftReport.outcome(EDITED, CONFIG_REAPPLIED))
        .isEqualTo("re-applied: Apply manifest complete");
    assertThat(DriftReport.outcome(GONE, CONFIG_REAPPLIED)).isEqualTo("no longer part of the work");
  }

  @Test
  void aResyncSummaryNamesAtMostThreeChangesOrTheReasonWhenNoneNamesAResource() {
    ClusterChange.Resource fourth =
        new ClusterChange.Resource("Service", "app", "web", ClusterChange.MODIFIED);

    assertThat(
            DriftReport.reasons(
                List.of(new ClusterChange("changed", List.of(EDITED, GONE, EDITED)))))
        .isEqualTo("ConfigMap app/config Modified, Secret app/token Deleted");
    assertThat(
            DriftReport.reasons(
                List.of(new ClusterChange("changed", List.of(EDITED, GONE, SCALED, fourth)))))
        .endsWith("Deployment app/web StatusChanged, ...");
    assertThat(
            DriftReport.reasons(
                List.of(
                    new ClusterChange("resources changed", List.of()),
                    new ClusterChange("the agent of cluster1 started", List.of()))))
        .isEqualTo("the agent of cluster1 started");
  }
}
