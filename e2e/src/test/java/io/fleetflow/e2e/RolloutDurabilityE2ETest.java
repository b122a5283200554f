package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.simulator.SimulatedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A progressive rollout with a gate before every stage survives the hub worker being killed with
 * SIGKILL at a random moment after every approval, and the Temporal dev server being restarted in
 * the middle of one stage with the hub and agents running. Each run rolls out a new revision of the
 * same ManifestWorkReplicaSet to every cluster of one agent fleet JVM; after each run every cluster
 * holds the revision, its own API counted exactly one write of the object per revision, the hub's
 * generated work moved one generation per revision, and the history holds every approval once with
 * the finished stages the approver saw.
 *
 * <p>CI runs {@link #CLUSTERS} clusters {@link #RUNS} times; {@code -Dfleetflow.chaos.runs=10
 * -Djunit.jupiter.execution.timeout.testable.method.default=1h} runs the full size
 * (docs/testing.md has its last result), {@code -Dfleetflow.chaos.seed=N} repeats the random delays
 * of a run.
 */
class RolloutDurabilityE2ETest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "chaos";
  private static final int CLUSTERS = Integer.getInteger("fleetflow.chaos.clusters", 50);
  private static final int RUNS = Integer.getInteger("fleetflow.chaos.runs", 1);

  /** Four stages of progressive batches, so each revision passes four gates. */
  private static final int WINDOW = Math.max(1, (CLUSTERS + 3) / 4);

  private static final int GATES = (CLUSTERS + WINDOW - 1) / WINDOW;
  private static final List<String> NAMES =
      IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "d%02d".formatted(i)).toList();

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    // Fleet mode: one agent JVM hosts every simulated cluster.
    fleet = Fleet.start(NAME, Placements.AUTO_APPROVE_SIMULATED, NAMES.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.placeAll(kubectl, NAME, CLUSTERS, Duration.ofSeconds(300));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void everyRevisionReachesEveryClusterOnceWithEveryApprovalThroughHubKillsAndATemporalRestart()
      throws Exception {
    long seed = Long.getLong("fleetflow.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    long started = System.nanoTime();
    int kills = 0;
    int temporalRestarts = 0;
    for (int revision = 1; revision <= RUNS; revision++) {
      String value = "revision-" + revision;
      kubectl
          .run(
              RolloutE2ETest.replicaSet(
                      NAME,
                      "all",
                      value,
                      "{type: Progressive, progressive: {maxConcurrency: " + WINDOW + "}}",
                      "approvalGates: {beforeFirstStage: true, betweenStages: true}")
                  .replace("namespace: apps", "namespace: " + NAME),
              "apply",
              "-f",
              "-")
          .ok();
      for (int gate = 1; gate <= GATES; gate++) {
        String waiting = revision + "/batch-" + gate;
        await("revision " + revision + " waits before batch-" + gate + " (seed " + seed + ")")
            .atMost(Duration.ofSeconds(240))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    field("{.status.rollout.revision}/{.status.rollout.waitingGate.stageName}")
                        .equals(waiting));
        fleet
            .launcher(
                "approver",
                "rollout",
                "approve",
                NAME,
                "-n",
                NAME,
                "--comment",
                comment(revision, gate))
            .ok();
        // A random moment of the stage the approval started: before, during or after its applies.
        Thread.sleep(random.nextInt(4000));
        if (revision == 1 && gate == 2) {
          // The hub and the agents stay up and must find the server again by themselves.
          fleet.restartTemporal();
          temporalRestarts++;
        } else {
          fleet.hub().kill9();
          kills++;
          fleet.startHub();
        }
      }
      int current = revision;
      await("revision " + revision + " succeeded (seed " + seed + ")")
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  field("{.status.rollout.revision}/{.status.rollout.phase}")
                      .equals(current + "/Succeeded"));

      for (String cluster : NAMES) {
        assertEveryRevisionWrittenOnce(cluster, revision, value);
      }
      assertEveryApprovalKept(revision);
    }
    System.out.printf(
        "chaos: %d clusters, %d revisions of %d gates, %d hub SIGKILLs, %d Temporal restarts,"
            + " %.0f s, seed %d: every check passed%n",
        CLUSTERS, RUNS, GATES, kills, temporalRestarts, (System.nanoTime() - started) / 1e9, seed);
  }

  /**
   * The cluster's own API holds the value and counted one write of the object per revision (its
   * creation, then one update each), and the hub's work moved one generation per revision.
   */
  private static void assertEveryRevisionWrittenOnce(String cluster, int revision, String value)
      throws Exception {
    Kubectl onCluster = fleet.clusterKubectl(cluster);
    assertThat(
            onCluster.ok(
                "get", "configmap", NAME, "-n", "default", "-o", "jsonpath={.data.message}"))
        .as(cluster + " at revision " + revision)
        .isEqualTo(value);
    JsonNode writes = JSON.readTree(onCluster.ok("get", "--raw", SimulatedCluster.writesPath()));
    String object = " /api/v1/namespaces/default/configmaps/" + NAME;
    int creations = writes.path("POST" + object).asInt();
    int updates = writes.path("PUT" + object).asInt() + writes.path("PATCH" + object).asInt();
    assertThat(creations).as(cluster + ": creations of the object").isEqualTo(1);
    assertThat(updates).as(cluster + ": updates of the object").isEqualTo(revision - 1);
    assertThat(writes.path("DELETE" + object).asInt()).as(cluster + ": deletions").isZero();
    assertThat(
            kubectl.ok(
                "get",
                "manifestwork",
                NAME,
                "-n",
                cluster,
                "-o",
                "jsonpath={.metadata.generation}/{.metadata.annotations.fleetflow\\.io/rollout-revision}"))
        .as(cluster + ": its generated work changed once per revision")
        .isEqualTo(revision + "/" + revision);
  }

  /**
   * The history holds each approval of the revision once, in stage order, with who approved, the
   * comment, and the finished stages they saw (every cluster of each succeeded).
   */
  private static void assertEveryApprovalKept(int revision) throws Exception {
    JsonNode history =
        JSON.readTree(
            kubectl.ok(
                "get",
                "--raw",
                "/apis/work.open-cluster-management.io/v1alpha1/namespaces/"
                    + NAME
                    + "/manifestworkreplicasets/"
                    + NAME
                    + "/history"));
    List<JsonNode> approvals = new ArrayList<>();
    history
        .path("approvals")
        .forEach(
            a -> {
              if (a.path("revision").asInt() == revision) {
                approvals.add(a);
              }
            });
    assertThat(approvals).as("approvals of revision " + revision).hasSize(GATES);
    for (int gate = 1; gate <= GATES; gate++) {
      JsonNode approval = approvals.get(gate - 1);
      assertThat(approval.path("stageName").asText()).isEqualTo("batch-" + gate);
      assertThat(approval.path("user").asText()).isEqualTo("approver");
      assertThat(approval.path("comment").asText()).isEqualTo(comment(revision, gate));
      JsonNode seen = approval.path("finishedStages");
      assertThat(seen.size()).as("stages seen by approval " + gate).isEqualTo(gate - 1);
      seen.forEach(
          stage ->
              assertThat(stage.path("succeeded").asInt())
                  .as("clusters of " + stage.path("name").asText() + " seen succeeded")
                  .isEqualTo(stage.path("clusters").asInt()));
    }
  }

  private static String comment(int revision, int gate) {
    return "revision " + revision + " gate " + gate;
  }

  private static String field(String jsonpath) {
    return kubectl
        .run(null, "get", "mwrs", NAME, "-n", NAME, "-o", "jsonpath=" + jsonpath)
        .output();
  }
}
