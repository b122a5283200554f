package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub holds no state of its own: Temporal does. A hub worker killed with SIGKILL while a
 * cluster waits for approval, or while a work is on its way, loses nothing once it is back; with a
 * second replica running beside it, nothing waits for it to come back. The fabric8 client drives
 * the gateway here, as a Java operator would.
 */
class HubCrashE2ETest {
  private Fleet fleet;
  private KubernetesClient hub;

  @BeforeEach
  void startFleet() {
    fleet = Fleet.start("hub-crash", "edge1");
    hub = fleet.gatewayClient(true);
  }

  @AfterEach
  void stopFleet() {
    if (hub != null) {
      hub.close();
    }
    fleet.close();
  }

  @Test
  void aHubKilledWhileAClusterWaitsForApprovalCompletesTheJoinAfterRestart() {
    await("edge1 waits for approval")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> cluster("edge1") != null);
    assertThat(cluster("edge1").getSpec().isHubAcceptsClient()).isFalse();

    fleet.hub().kill9();
    assertThat(fleet.hub().isAlive()).isFalse();
    fleet.startHub();

    acceptAndAwaitAvailable("edge1");
    assertThat(
            Conditions.isTrue(
                cluster("edge1").getStatus().getConditions(), ManagedCluster.CONDITION_JOINED))
        .isTrue();

    createAndAwaitDelivered("edge1");
  }

  @Test
  void aSecondHubReplicaCarriesTheFleetAloneWhenTheFirstIsKilled() {
    fleet.startHubReplica("hub-2");
    await("edge1 waits for approval")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> cluster("edge1") != null);

    // No restart: the replica, which polled the same queues all along, takes every task now.
    fleet.hub().kill9();

    acceptAndAwaitAvailable("edge1");
    createAndAwaitDelivered("edge1");
  }

  @Test
  void aHubKilledRightAfterAWorkWasCreatedDeliversItAfterRestart() {
    await("edge1 listed")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> cluster("edge1") != null);
    acceptAndAwaitAvailable("edge1");

    hub.resources(ManifestWork.class).inNamespace("edge1").resource(work("edge1")).create();
    fleet.hub().kill9();
    fleet.startHub();

    await("work available after the crash")
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(() -> available(work("edge1")));
    assertThat(fleet.clusterKubectl("edge1").ok("get", "configmap", "after-crash", "-o", "name"))
        .isEqualTo("configmap/after-crash");
  }

  /** Creates a work on the cluster and waits until it is Available and its ConfigMap is there. */
  private void createAndAwaitDelivered(String cluster) {
    hub.resources(ManifestWork.class).inNamespace(cluster).resource(work(cluster)).create();
    await("work available")
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(() -> available(work(cluster)));
    assertThat(fleet.clusterKubectl(cluster).ok("get", "configmap", "after-crash", "-o", "name"))
        .isEqualTo("configmap/after-crash");
  }

  private void acceptAndAwaitAvailable(String name) {
    hub.resources(ManagedCluster.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"hubAcceptsClient\":true}}");
    await(name + " available")
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(
            () ->
                Conditions.isTrue(
                    cluster(name).getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE));
  }

  private ManagedCluster cluster(String name) {
    return hub.resources(ManagedCluster.class).withName(name).get();
  }

  private boolean available(ManifestWork work) {
    ManifestWork current =
        hub.resources(ManifestWork.class)
            .inNamespace(work.getMetadata().getNamespace())
            .withName(work.getMetadata().getName())
            .get();
    return Conditions.isTrue(current.getStatus().getConditions(), ManifestWork.CONDITION_AVAILABLE);
  }

  private static ManifestWork work(String cluster) {
    GenericKubernetesResource configMap = new GenericKubernetesResource();
    configMap.setApiVersion("v1");
    configMap.setKind("ConfigMap");
    ObjectMeta cmMeta = new ObjectMeta();
    cmMeta.setName("after-crash");
    cmMeta.setNamespace("default");
    configMap.setMetadata(cmMeta);
    configMap.setAdditionalProperty("data", Map.of("survived", "yes"));
    ManifestWork work = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setName("survivor");
    meta.setNamespace(cluster);
    work.setMetadata(meta);
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(new ManifestWorkSpec.Workload(List.of(configMap)));
    work.setSpec(spec);
    return work;
  }
}
