package io.fleetflow.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hub's fleet gauges hold what the last refresh counted; a failed refresh keeps the last values
 * and is counted; a gate's wait is read from the rollout's status.
 */
class FleetMetricsTest {
  private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");
  private final EntityClient entities = mock(EntityClient.class);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FleetMetrics metrics =
      new FleetMetrics(entities, registry, Clock.fixed(NOW, ZoneOffset.UTC));

  private double gauge(String name, String phase) {
    var search = registry.find(name);
    return (phase == null ? search : search.tag("phase", phase)).gauge().value();
  }

  @Test
  void aRefreshStoresEachCountUnderItsPhase() {
    Visibility unknown =
        FleetGauge.all().stream()
            .filter(g -> "Unknown".equals(g.phase()) && g.metric().equals(FleetGauge.CLUSTERS))
            .findFirst()
            .orElseThrow()
            .query();
    when(entities.count(any())).thenReturn(0L);
    when(entities.count(unknown)).thenReturn(3L);

    metrics.refresh();

    assertThat(gauge(FleetGauge.CLUSTERS, "Unknown")).isEqualTo(3);
    assertThat(gauge(FleetGauge.CLUSTERS, "Available")).isZero();
    assertThat(gauge(FleetMetrics.GATE_OLDEST_WAIT, null)).isZero();
  }

  @Test
  void aFailedRefreshKeepsTheLastValuesAndIsCounted() {
    when(entities.count(any())).thenReturn(2L);
    metrics.refresh();
    when(entities.count(any())).thenThrow(new IllegalStateException("visibility down"));

    metrics.refresh();

    assertThat(gauge(FleetGauge.WORKS, "Available")).isEqualTo(2);
    assertThat(registry.find(FleetMetrics.REFRESH_FAILURES).counter().count()).isEqualTo(1);
  }

  @Test
  void theOldestWaitingGateIsReadFromTheWaitingRolloutsStatus() {
    when(entities.count(any())).thenReturn(1L);
    ManifestWorkReplicaSet waiting = withGateSince("2026-12-05T07:00:00Z");
    var ref = mock(io.fleetflow.client.EntityRef.class);
    when(entities.ids(any())).thenReturn(List.of("ManifestWorkReplicaSet/apps/web"));
    when(entities.entity(any(), any(String.class))).thenReturn(ref);
    when(ref.find()).thenReturn(java.util.Optional.of(waiting));

    metrics.refresh();

    assertThat(gauge(FleetMetrics.GATE_OLDEST_WAIT, null)).isEqualTo(3600);
  }

  @Test
  void aRolloutWithoutAWaitingGateHasNoWait() {
    assertThat(FleetMetrics.gateSince(new ManifestWorkReplicaSet())).isEmpty();
    assertThat(FleetMetrics.gateSince(withGateSince("not a time"))).isEmpty();
    assertThat(FleetMetrics.gateSince(withGateSince("2026-12-05T07:00:00Z")))
        .contains(Instant.parse("2026-12-05T07:00:00Z"));
  }

  private static ManifestWorkReplicaSet withGateSince(String since) {
    ManifestWorkReplicaSet set = new ManifestWorkReplicaSet();
    ManifestWorkReplicaSetStatus status = new ManifestWorkReplicaSetStatus();
    status.setRollout(
        new RolloutStatus(
            1,
            "WaitingForApproval",
            null,
            List.of(),
            null,
            new GateStatus("web", 1, "batch-2", since, null, null),
            List.of(),
            List.of(),
            List.of()));
    set.setStatus(status);
    return set;
  }
}
