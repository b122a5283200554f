package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A fleet waiting for approval survives a hub killed with SIGKILL, and then joins in full. */
@ResourceLock(Fleet.MANY_CLUSTERS)
class FleetDurabilityE2ETest {
  private static final int CLUSTERS = 20;
  private Fleet fleet;
  private KubernetesClient hub;

  @BeforeEach
  void startFleet() {
    String[] names =
        IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "cluster" + i).toArray(String[]::new);
    fleet = Fleet.start("fleet-durability", names);
    hub = fleet.gatewayClient("admin");
  }

  @AfterEach
  void stopFleet() {
    hub.close();
    fleet.close();
  }

  @Test
  void twentyClustersWaitingForApprovalAllJoinAfterTheHubIsKilledAndRestarted() {
    await("all clusters wait for approval")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> clusters().size() == CLUSTERS);

    fleet.hub().kill9();
    fleet.startHub();

    for (ManagedCluster cluster : clusters()) {
      hub.resources(ManagedCluster.class)
          .withName(cluster.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"hubAcceptsClient\":true}}");
    }
    // Generous: twenty joins on a loaded two-core CI machine have taken up to 100 s.
    await("all clusters available")
        .atMost(Duration.ofSeconds(300))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(
            () ->
                clusters().stream()
                        .filter(
                            c ->
                                Conditions.isTrue(
                                    c.getStatus().getConditions(),
                                    ManagedCluster.CONDITION_AVAILABLE))
                        .count()
                    == CLUSTERS);
    assertThat(clusters())
        .allSatisfy(
            c ->
                assertThat(
                        Conditions.isTrue(
                            c.getStatus().getConditions(), ManagedCluster.CONDITION_JOINED))
                    .isTrue());
  }

  private List<ManagedCluster> clusters() {
    return hub.resources(ManagedCluster.class).list().getItems();
  }
}
