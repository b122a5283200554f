package io.fleetflow.activities.addon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fleetflow.model.addon.AddOnLease;
import io.fleetflow.model.addon.ResourceScores;
import io.fleetflow.simulator.SimulatedCluster;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's add-on activities on a simulated API server: a lease read as found, fresh or stale by
 * five lease durations, and the free resources summed from the nodes and the running pods.
 */
class AddOnAgentActivitiesTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static SimulatedCluster cluster;
  private final AddOnAgentActivitiesImpl activities =
      new AddOnAgentActivitiesImpl(cluster.client(), () -> NOW);

  @BeforeAll
  static void startCluster() {
    cluster = SimulatedCluster.start("addons");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void aLeaseIsFreshWithinFiveOfItsDurationsAndStaleAfter() {
    assertThat(activities.observe("probe", "missing"))
        .isEqualTo(new AddOnLease(false, null, 300, false));

    lease("fresh", NOW.minusSeconds(9), 2);
    lease("stale", NOW.minusSeconds(11), 2);
    assertThat(activities.observe("probe", "fresh"))
        .satisfies(l -> assertThat(l.fresh()).isTrue())
        .satisfies(l -> assertThat(l.graceSeconds()).isEqualTo(10));
    assertThat(activities.observe("probe", "stale").fresh()).isFalse();
  }

  @Test
  void freeResourcesAreTheNodesAllocatableLessWhatRunningPodsRequest() {
    pod("busy", "1500m", "2Gi", "Running");
    pod("done", "1", "1Gi", "Succeeded");

    ResourceScores.FreeResources free = activities.measureFreeResources();

    assertThat(free.cpuAllocatableMillis()).isEqualTo(3800);
    assertThat(free.cpuRequestedMillis()).isEqualTo(1500);
    assertThat(free.memoryAllocatableBytes()).isEqualTo(15L << 30);
    assertThat(free.memoryRequestedBytes()).isEqualTo(2L << 30);
  }

  private static void lease(String name, Instant renewed, int seconds) {
    cluster
        .client()
        .leases()
        .inNamespace("probe")
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("probe")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("agent")
                .withLeaseDurationSeconds(seconds)
                .withRenewTime(ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC))
                .endSpec()
                .build())
        .create();
  }

  /** A pod; the simulator's controller runs it, or completes it when it never restarts. */
  private static void pod(String name, String cpu, String memory, String phase) {
    cluster
        .client()
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Succeeded".equals(phase) ? "Never" : "Always")
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity(memory))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build())
        .create();
  }
}
