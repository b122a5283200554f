package io.fleetflow.workflows.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkStatus;
import io.fleetflow.workflows.Fixtures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a finished work with ttlSecondsAfterFinished deletes itself. */
class TtlAfterFinishedTest {
  private static final Instant COMPLETED = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void aCompleteWorkLivesItsTtlCountedFromCompletion() {
    ManifestWork work = work(60L, Conditions.TRUE);

    assertThat(TtlAfterFinished.remaining(work, COMPLETED.plusSeconds(20)))
        .contains(Duration.ofSeconds(40));
  }

  @Test
  void aWorkCompletedLongerAgoThanItsTtlGoesAtOnce() {
    ManifestWork work = work(60L, Conditions.TRUE);

    assertThat(TtlAfterFinished.remaining(work, COMPLETED.plusSeconds(3600)))
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void aWorkThatIsNotCompleteOrHasNoTtlStays() {
    assertThat(TtlAfterFinished.remaining(work(60L, Conditions.FALSE), COMPLETED)).isEmpty();
    assertThat(TtlAfterFinished.remaining(work(null, Conditions.TRUE), COMPLETED)).isEmpty();
    ManifestWork neverComplete = work(60L, Conditions.TRUE);
    neverComplete.getStatus().getConditions().clear();
    assertThat(TtlAfterFinished.remaining(neverComplete, COMPLETED)).isEmpty();
  }

  private static ManifestWork work(Long ttlSeconds, String complete) {
    ManifestWork work = Fixtures.helloWork("cluster1");
    work.getSpec().setDeleteOption(new DeleteOption(DeleteOption.FOREGROUND, null, ttlSeconds));
    work.setStatus(new ManifestWorkStatus());
    Conditions.set(
        work.getStatus().getConditions(),
        TtlAfterFinished.CONDITION_COMPLETE,
        complete,
        "JobComplete",
        "the Job completed",
        COMPLETED,
        1L);
    return work;
  }
}
