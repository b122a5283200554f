package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.FrontDoorClients;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.Placements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: what the agents' front door costs. In one run on one secure hub
 * (payloads encrypted), one ManifestWorkReplicaSet is rolled out (strategy All) to N clusters whose
 * agents go through the front door and to N clusters whose agents reach Temporal straight (the way
 * agents worked before it, holding the payload keys), each pair in both orders; then M agents are
 * connected through the front door at once and its memory and threads are read. Run it with {@code
 * ./fleetflow bench}; it writes a section of {@code docs/benchmarks.md}. {@code
 * -Dfleetflow.bench.frontDoorClusters=3 -Dfleetflow.bench.connectedAgents=5} runs it small.
 */
class FrontDoorBenchmark {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.frontDoorClusters", 200);
  private static final int CONNECTED = Integer.getInteger("fleetflow.bench.connectedAgents", 1000);
  private static final int PER_JVM = Integer.getInteger("fleetflow.bench.clustersPerJvm", 400);
  private static final String NS = "bench";
  private static final String PATH_CLAIM = "path.bench.fleetflow.io";

  /** One rollout through one path. */
  record Rollout(String path, int round, double seconds) {}

  @Test
  void aRolloutThroughTheFrontDoorAgainstOneStraightToTemporalAndAThousandConnectedAgents()
      throws Exception {
    String loadBefore = ProcessFigures.loadAverage();
    List<Rollout> rollouts = new ArrayList<>();
    ProcessFigures.Figures idle;
    ProcessFigures.Figures connected;
    int reachedAvailable;
    try (Fleet fleet = Fleet.startSecure("front-door-bench", Placements.AUTO_APPROVE_SIMULATED)) {
      Kubectl kubectl = fleet.kubectl();
      FrontDoorClients clients = new FrontDoorClients(fleet);
      List<String> front = names("fd", 1, CLUSTERS);
      List<String> direct = names("dt", 1, CLUSTERS);
      front.forEach(c -> clients.provision(c, "fleet-state", Duration.ofHours(24)));
      idle = ProcessFigures.of(fleet.frontDoor().pid());
      fleet.startAgentFleet(front, "--claim", PATH_CLAIM + "=front-door");
      fleet.startDirectAgentFleet(direct, "--claim", PATH_CLAIM + "=direct");
      Placements.awaitAvailable(kubectl, front, Duration.ofMinutes(15));
      Placements.awaitAvailable(kubectl, direct, Duration.ofMinutes(15));
      place(kubectl, "front-door");
      place(kubectl, "direct");
      for (int round = 1; round <= 2; round++) {
        // Each round takes the two paths in the other order, so neither always runs second.
        List<String> order =
            round == 1 ? List.of("direct", "front-door") : List.of("front-door", "direct");
        for (String path : order) {
          rollouts.add(
              new Rollout(
                  path,
                  round,
                  RolloutBenchmark.rollout(kubectl, path + "-" + round, path, "{type: All}")
                      .seconds()));
        }
      }

      List<String> more = names("cn", 1, Math.max(0, CONNECTED - CLUSTERS));
      more.forEach(c -> clients.provision(c, "fleet-state", Duration.ofHours(24)));
      List<ManagedProcess> jvms = new ArrayList<>();
      for (int first = 0; first < more.size(); first += PER_JVM) {
        jvms.add(
            fleet.startAgentFleet(more.subList(first, Math.min(more.size(), first + PER_JVM))));
      }
      reachedAvailable = CLUSTERS;
      try {
        Placements.awaitAvailable(kubectl, more, Duration.ofMinutes(20));
        reachedAvailable += more.size();
      } catch (RuntimeException | AssertionError e) {
        reachedAvailable = -1;
      }
      connected = ProcessFigures.of(fleet.frontDoor().pid());
    }
    write(rollouts, idle, connected, reachedAvailable, loadBefore, ProcessFigures.loadAverage());
    assertThat(rollouts).hasSize(4);
  }

  private static List<String> names(String prefix, int first, int last) {
    return IntStream.rangeClosed(first, last).mapToObj(i -> prefix + i).toList();
  }

  private static void place(Kubectl kubectl, String path) {
    kubectl
        .run(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSetBinding
            metadata: {name: default, namespace: %s}
            spec: {clusterSet: default}
            ---
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: %s, namespace: %s}
            spec:
              predicates:
              - requiredClusterSelector:
                  claimSelector:
                    matchExpressions: [{key: %s, operator: In, values: [%s]}]
            """
                .formatted(NS, path, NS, PATH_CLAIM, path),
            "apply",
            "-f",
            "-")
        .ok();
    await("placement " + path + " selects " + CLUSTERS)
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .run(
                        null,
                        "get",
                        "placement",
                        path,
                        "-n",
                        NS,
                        "-o",
                        "jsonpath={.status.numberOfSelectedClusters}")
                    .output()
                    .equals(Integer.toString(CLUSTERS)));
  }

  private static void write(
      List<Rollout> rollouts,
      ProcessFigures.Figures idle,
      ProcessFigures.Figures connected,
      int reachedAvailable,
      String loadBefore,
      String loadAfter)
      throws java.io.IOException {
    double front =
        rollouts.stream()
            .filter(r -> r.path().equals("front-door"))
            .mapToDouble(Rollout::seconds)
            .sum();
    double direct =
        rollouts.stream()
            .filter(r -> r.path().equals("direct"))
            .mapToDouble(Rollout::seconds)
            .sum();
    StringBuilder table = new StringBuilder();
    for (Rollout r : rollouts) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %d | %.1f s |%n",
              r.round(),
              r.path(),
              CLUSTERS,
              r.seconds()));
    }
    String section =
        """
        ## Front door: what the agents' channel costs

        Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/FrontDoorBenchmark.java`)
        on %s, on this machine (2 cores; load average %s before and %s after, 1/5/15 minutes). One
        secure hub (payloads encrypted by hub and gateway), %d simulated clusters whose agents go
        through the front door (mutual TLS; the front door checks each call, wraps task tokens,
        decrypts tasks and encrypts results) and %d whose agents reach Temporal straight with the
        payload keys, each in a fleet JVM of its own. One ManifestWorkReplicaSet (strategy All, one
        ConfigMap) per path and round, from creation to `PlacementRolledOut=True`; the two rounds take
        the paths in opposite orders.

        | round | path | clusters | rollout |
        |---|---|---|---|
        %s
        Through the front door the rollouts took %.2f times as long as straight to Temporal (sum of
        both rounds; the goal is at most 1.10).

        The front door's process (resident set, peak, the heap a full collection leaves, threads):

        | agents connected | RSS | peak RSS | live heap | threads |
        |---|---|---|---|---|
        | 0 | %d MiB | %d MiB | %d MiB | %d |
        | %s | %d MiB | %d MiB | %d MiB | %d |
        """
            .formatted(
                java.time.LocalDate.now(),
                loadBefore,
                loadAfter,
                CLUSTERS,
                CLUSTERS,
                table,
                front / direct,
                idle.rssKb() / 1024,
                idle.peakRssKb() / 1024,
                idle.heapUsedKb() / 1024,
                idle.threads(),
                reachedAvailable < 0
                    ? "%d started, not all Available in 20 min"
                        .formatted(Math.max(CONNECTED, CLUSTERS))
                    : String.format(Locale.ROOT, "%,d", reachedAvailable),
                connected.rssKb() / 1024,
                connected.peakRssKb() / 1024,
                connected.heapUsedKb() / 1024,
                connected.threads());
    BenchmarkReport.write("## Front door:", section);
  }
}
