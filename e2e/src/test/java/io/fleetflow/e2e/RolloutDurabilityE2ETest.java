package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A progressive rollout with a gate before every stage survives the hub worker being killed with
 * SIGKILL at random moments after each approval, and the Temporal dev server being restarted in the
 * middle: every cluster ends at the revision, no cluster's work was changed twice for it, and every
 * approval is in the history. CI runs 12 clusters once; {@code -Dfleetflow.chaos.clusters=50
 * -Dfleetflow.chaos.runs=10} runs the full size.
 */
class RolloutDurabilityE2ETest {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.chaos.clusters", 8);
  private static final int RUNS = Integer.getInteger("fleetflow.chaos.runs", 1);
  private static final int WINDOW = Math.max(1, CLUSTERS / 3);
  private static final List<String> NAMES =
      IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "d%02d".formatted(i)).toList();

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start(
            "rollout-chaos", Placements.AUTO_APPROVE_SIMULATED, NAMES.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.placeAll(kubectl, "chaos", CLUSTERS, Duration.ofSeconds(180));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void everyClusterEndsAtTheRevisionOnceWithEveryApprovalThroughHubKillsAndATemporalRestart() {
    long seed = Long.getLong("fleetflow.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int run = 1; run <= RUNS; run++) {
      String name = "chaos-" + run;
      kubectl
          .run(
              RolloutE2ETest.replicaSet(
                      name,
                      "all",
                      "run" + run,
                      "{type: Progressive, progressive: {maxConcurrency: " + WINDOW + "}}",
                      "approvalGates: {beforeFirstStage: true, betweenStages: true}")
                  .replace("namespace: apps", "namespace: chaos"),
              "apply",
              "-f",
              "-")
          .ok();
      int gates = (CLUSTERS + WINDOW - 1) / WINDOW;
      for (int gate = 1; gate <= gates; gate++) {
        String stage = "batch-" + gate;
        await(name + " waits before " + stage + " (seed " + seed + ")")
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> field(name, "{.status.rollout.waitingGate.stageName}").equals(stage));
        fleet
            .launcher(
                "approver", "rollout", "approve", name, "-n", "chaos", "--comment", "gate " + gate)
            .ok();
        sleep(random.nextInt(3000));
        fleet.hub().kill9();
        if (gate == 2 && run == 1) {
          fleet.restartTemporal();
        }
        fleet.startHub();
      }
      await(name + " succeeded (seed " + seed + ")")
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> field(name, "{.status.rollout.phase}").equals("Succeeded"));

      for (String cluster : NAMES) {
        Kubectl.Result configMap =
            fleet
                .clusterKubectl(cluster)
                .run(
                    null,
                    "get",
                    "configmap",
                    name,
                    "-n",
                    "default",
                    "-o",
                    "jsonpath={.data.message}");
        assertThat(configMap.output()).as(cluster + " at the revision").isEqualTo("run" + run);
        assertThat(
                kubectl.ok(
                    "get",
                    "manifestwork",
                    name,
                    "-n",
                    cluster,
                    "-o",
                    "jsonpath={.metadata.generation}/{.metadata.annotations.fleetflow\\.io/rollout-revision}"))
            .as(cluster + ": its work was written once for revision 1")
            .isEqualTo("1/1");
      }
      String history = fleet.launcher("viewer", "rollout", "history", name, "-n", "chaos").ok();
      for (int gate = 1; gate <= gates; gate++) {
        assertThat(history).as("approval " + gate + " kept").contains("(\"gate " + gate + "\")");
      }
    }
  }

  private static String field(String name, String jsonpath) {
    return kubectl
        .run(null, "get", "mwrs", name, "-n", "chaos", "-o", "jsonpath=" + jsonpath)
        .output();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
