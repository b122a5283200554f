package io.fleetflow.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet gauges are a fixed table: one count query per series, each a kind and a phase. */
class FleetGaugeTest {
  private static final List<FleetGauge> ALL = FleetGauge.all();

  @Test
  void everySeriesIsDistinctAndItsNumberDoesNotDependOnTheFleet() {
    assertThat(ALL)
        .extracting(g -> g.metric() + "/" + g.phase())
        .doesNotHaveDuplicates()
        .hasSize(
            FleetGauge.CLUSTER_PHASES.size()
                + FleetGauge.WORK_PHASES.size()
                + FleetGauge.ROLLOUT_PHASES.size()
                + 2);
  }

  @Test
  void aLostClusterIsCountedByItsKindAndPhaseAmongRunningWorkflows() {
    FleetGauge unknown = gauge(FleetGauge.CLUSTERS, "Unknown");
    assertThat(unknown.query().query())
        .isEqualTo(
            "FleetflowKind = 'ManagedCluster' AND ExecutionStatus = 'Running'"
                + " AND FleetflowPhase = 'Unknown'");
  }

  @Test
  void pendingJoinRequestsAreClustersWaitingForApproval() {
    assertThat(gauge(FleetGauge.JOIN_REQUESTS_PENDING, null).query())
        .isEqualTo(gauge(FleetGauge.CLUSTERS, "PendingApproval").query());
  }

  @Test
  void waitingGatesAreRolloutsWaitingForApproval() {
    assertThat(gauge(FleetGauge.GATES_WAITING, null).query().query())
        .startsWith("FleetflowKind = 'ManifestWorkReplicaSet'")
        .endsWith("FleetflowPhase = 'WaitingForApproval'");
    assertThat(gauge(FleetGauge.WORKS, "Unreachable").query().query())
        .startsWith("FleetflowKind = 'ManifestWork' AND");
  }

  private static FleetGauge gauge(String metric, String phase) {
    return ALL.stream()
        .filter(g -> g.metric().equals(metric) && java.util.Objects.equals(g.phase(), phase))
        .findFirst()
        .orElseThrow();
  }
}
