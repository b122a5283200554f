package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.FrontDoorClients;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.simulator.SimulatedCluster;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rollout to eight clusters whose agents go through the front door, while the front door and then
 * the hub are killed with SIGKILL and started again: the agents reconnect by themselves, and each
 * cluster's own API counts exactly one creation of the rolled-out object and no deletion.
 */
class FrontDoorDurabilityE2ETest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "door-chaos";
  private static final List<String> NAMES =
      IntStream.rangeClosed(1, 8).mapToObj(i -> "fd%d".formatted(i)).toList();

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet = Fleet.startSecure(NAME, Placements.AUTO_APPROVE_SIMULATED);
    kubectl = fleet.kubectl();
    FrontDoorClients clients = new FrontDoorClients(fleet);
    NAMES.forEach(c -> clients.provision(c, "fleet-state", Duration.ofHours(1)));
    fleet.startAgentFleet(NAMES);
    Placements.placeAll(kubectl, NAME, NAMES.size(), Duration.ofSeconds(240));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void everyClusterGetsTheWorkOnceThroughFrontDoorAndHubKills() throws Exception {
    long seed = Long.getLong("fleetflow.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    kubectl
        .run(
            RolloutE2ETest.replicaSet(
                    NAME,
                    "all",
                    "through-the-door",
                    "{type: Progressive, progressive: {maxConcurrency: 2}}",
                    "")
                .replace("namespace: apps", "namespace: " + NAME),
            "apply",
            "-f",
            "-")
        .ok();

    Thread.sleep(random.nextInt(3000));
    fleet.frontDoor().kill9();
    Thread.sleep(2000);
    fleet.startFrontDoor();
    Thread.sleep(random.nextInt(3000));
    fleet.hub().kill9();
    fleet.startHub();

    await("the rollout succeeded (seed " + seed + ")")
        .atMost(Duration.ofSeconds(300))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .run(
                        null,
                        "get",
                        "mwrs",
                        NAME,
                        "-n",
                        NAME,
                        "-o",
                        "jsonpath={.status.rollout.phase}")
                    .output()
                    .equals("Succeeded"));
    for (String cluster : NAMES) {
      Kubectl onCluster = fleet.clusterKubectl(cluster, "fleet-state");
      assertThat(
              onCluster.ok(
                  "get", "configmap", NAME, "-n", "default", "-o", "jsonpath={.data.message}"))
          .as(cluster)
          .isEqualTo("through-the-door");
      JsonNode writes = JSON.readTree(onCluster.ok("get", "--raw", SimulatedCluster.writesPath()));
      String object = " /api/v1/namespaces/default/configmaps/" + NAME;
      assertThat(writes.path("POST" + object).asInt()).as(cluster + ": creations").isEqualTo(1);
      assertThat(writes.path("DELETE" + object).asInt()).as(cluster + ": deletions").isZero();
    }
    assertThat(fleet.frontDoor().logTail()).contains("front door listening");
  }
}
