package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.Placements;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: one ManifestWorkReplicaSet rolled out to 200 simulated clusters (one
 * fleet JVM), then to 1,000 (the same JVM and two more), each with strategy All and with
 * Progressive maxConcurrency 50, against a bare Temporal fan-out of as many no-op activities (all
 * at once, and 50 at a time) on the same server in the same run, right before each rollout. It also
 * reads the memory of every fleet JVM, and tallies what each rollout wrote to Temporal. Run it with
 * {@code ./fleetflow bench -Dtest=RolloutBenchmark -Dfleetflow.e2e.hubHeap=2g} (a hub's cache for
 * 1,000 clusters and their works does not fit the e2e default of 512 MiB); it writes a section of
 * {@code docs/benchmarks.md}, chart included.
 */
class RolloutBenchmark {
  private static final int SMALL = Integer.getInteger("fleetflow.bench.clusters", 200);

  /** The fleet-mode size; 0 skips it. */
  private static final int LARGE = Integer.getInteger("fleetflow.bench.largeClusters", 1000);

  /** How many simulated clusters one fleet JVM hosts beyond the first one's. */
  private static final int PER_JVM = Integer.getInteger("fleetflow.bench.clustersPerJvm", 400);

  /** The hub's workflow cache: every cluster, and a work per cluster of each rollout. */
  private static final int CACHE = Math.max(SMALL, LARGE) * 3 + 2 * SMALL;

  private static final int WINDOW = 50;
  private static final String NS = "bench";
  private static final String TIER_CLAIM = "tier.bench.fleetflow.io";
  private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(10);

  /** How busy the machine may be when a measurement starts, in cores. */
  static final double QUIET_CORES = 0.5;

  /** How long a measurement waits for the machine to be quiet before it starts anyway. */
  static final Duration SETTLE_PATIENCE = Duration.ofSeconds(90);

  /**
   * One measured rollout and its baseline, with what each wrote to Temporal: the rollout's by
   * workflow type over its window (every workflow that had events in it), the baseline's own.
   */
  record Case(
      String strategy,
      int clusters,
      double fleetflow,
      double bare,
      Map<String, HistoryTally> rolloutTally,
      HistoryTally bareTally,
      double byHandIdle,
      double byHandDuring,
      CpuLedger.Spent rolloutCpu,
      CpuLedger.Spent bareCpu,
      Bare direct) {
    String label() {
      return strategy + ", " + clusters;
    }
  }

  /** From a rollout's creation to its {@code PlacementRolledOut=True}, in workflow time. */
  record Window(Instant from, Instant to) {
    double seconds() {
      return Duration.between(from, to).toMillis() / 1000.0;
    }
  }

  /** A bare fan-out's duration and its workflow's tally. */
  record Bare(double seconds, HistoryTally tally, CpuLedger.Spent cpu) {}

  /** The memory of one fleet JVM after the rollouts. */
  record FleetJvm(int clusters, long rssKb, long peakRssKb, long heapUsedKb, int threads) {}

  @Test
  void oneWorkRollsOutToTwoHundredAndToAThousandClusters() throws Exception {
    String loadBefore = loadAverage();
    List<Case> cases = new ArrayList<>();
    List<FleetJvm> jvms = new ArrayList<>();
    List<ManagedProcess> fleetJvms = new ArrayList<>();
    List<Integer> fleetSizes = new ArrayList<>();
    String largeNote = null;
    ProcessFigures.Figures hubFigures = null;
    ProcessFigures.Figures gatewayFigures = null;
    // The hub sizes its workflow cache from the executions running when it starts (none here), so
    // it is told the size the fleet will need, as an operator would: every cluster, and a work per
    // cluster for each rollout. Its heap is the e2e default unless -Dfleetflow.e2e.hubHeap says.
    List<String> hubArgs = new ArrayList<>(Placements.AUTO_APPROVE_SIMULATED);
    hubArgs.add("--fleetflow.hub.workflow-cache-size=" + CACHE);
    try (Fleet fleet = Fleet.start("rollout-bench", hubArgs)) {
      Kubectl kubectl = fleet.kubectl();
      fleetJvms.add(fleet.startAgentFleet(names(1, SMALL), "--claim", TIER_CLAIM + "=first"));
      fleetSizes.add(SMALL);
      retried(() -> Placements.placeAll(kubectl, NS, SMALL, Duration.ofMinutes(15)));
      retried(() -> placeFirst(kubectl));
      measure(fleet, kubectl, "first", SMALL, fleetJvms, cases);

      if (LARGE > SMALL) {
        long joinStart = System.nanoTime();
        try {
          for (int first = SMALL + 1; first <= LARGE; first += PER_JVM) {
            int last = Math.min(LARGE, first + PER_JVM - 1);
            fleetJvms.add(
                fleet.startAgentFleet(names(first, last), "--claim", TIER_CLAIM + "=more"));
            fleetSizes.add(last - first + 1);
          }
          retried(() -> Placements.placeAll(kubectl, NS, LARGE, Duration.ofMinutes(12)));
          double joined = (System.nanoTime() - joinStart) / 1e9;
          Stats joins;
          try (KubernetesClient hub = fleet.gatewayClient("admin")) {
            joins =
                Stats.of(
                    JoinTimes.joinToAvailable(
                        JoinTimes.available(hub, RolloutBenchmark::joinedLater)));
          }
          measure(fleet, kubectl, "all", LARGE, fleetJvms, cases);
          largeNote =
              ("The %d more clusters (%d more fleet JVMs) joined, were accepted and selected by the"
                      + " placement in %.0f s; from its join to `ManagedClusterConditionAvailable=True`"
                      + " a cluster took %.1f s at the median and %.1f s at p99 (workflow time).")
                  .formatted(
                      LARGE - SMALL, fleetJvms.size() - 1, joined, joins.median(), joins.p99());
        } catch (RuntimeException | AssertionError e) {
          largeNote =
              ("The %d-cluster case did not finish: %s after %.0f s, with %s clusters selected by"
                      + " placement all (the fleet's logs are under e2e/target/e2e).")
                  .formatted(
                      LARGE,
                      e.getMessage(),
                      (System.nanoTime() - joinStart) / 1e9,
                      kubectl
                          .run(
                              null,
                              "get",
                              "placement",
                              "all",
                              "-n",
                              NS,
                              "-o",
                              "jsonpath={.status.numberOfSelectedClusters}")
                          .output());
        }
      }
      for (int i = 0; i < fleetJvms.size(); i++) {
        jvms.add(memory(fleetJvms.get(i), fleetSizes.get(i)));
      }
      hubFigures = ProcessFigures.of(fleet.hub().pid());
      gatewayFigures = ProcessFigures.of(fleet.gateway().pid());
    }
    RolloutReport.write(
        new RolloutReport.Shape(SMALL, LARGE, PER_JVM, WINDOW, CACHE),
        cases,
        jvms,
        hubFigures,
        gatewayFigures,
        largeNote,
        loadBefore,
        loadAverage());
    assertThat(cases).isNotEmpty();
  }

  /**
   * Runs a setup step again when the gateway answered 500 because its call to the dev server timed
   * out (it happens while hundreds of agents join on this loaded machine), at most twice.
   */
  private static void retried(Runnable step) {
    for (int attempt = 1; ; attempt++) {
      try {
        step.run();
        return;
      } catch (AssertionError e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("InternalError")) {
          throw e;
        }
      }
    }
  }

  /**
   * Measures a bare fan-out and then the rollout, for All and for Progressive, and tallies what
   * each wrote to Temporal.
   */
  private static void measure(
      Fleet fleet,
      Kubectl kubectl,
      String placement,
      int clusters,
      List<ManagedProcess> fleetJvms,
      List<Case> cases) {
    HistoryTally.Agents agents =
        HistoryTally.Agents.of(fleetJvms.stream().map(ManagedProcess::pid).toList());
    WorkflowClient temporal = fleet.temporal();
    CpuLedger cpu = CpuLedger.forFleet(fleet, fleetJvms.stream().map(ManagedProcess::pid).toList());
    settle();
    Bare bareAll = bareFanOut(temporal, clusters, clusters, agents, cpu);
    settle();
    Bare directAll = straightToTheAgents(temporal, clusters, clusters, agents, cpu);
    // A work created by hand on an idle hub, then another while the rollout's works queue up: the
    // rollout's works run at a lower priority, so the second should not wait behind them.
    double idle = byHand(kubectl, "rb1", "by-hand-idle-" + clusters);
    double[] during = new double[1];
    settle();
    CpuLedger.Reading allFrom = cpu.read();
    Window all =
        rollout(
            kubectl,
            "bench-all-" + clusters,
            placement,
            "{type: All}",
            () -> {
              // A few seconds in, the rollout's works are being created and applied.
              sleep(Duration.ofSeconds(3));
              during[0] = byHand(kubectl, "rb2", "by-hand-during-" + clusters);
            });
    CpuLedger.Spent allCpu = CpuLedger.between(allFrom, cpu.read());
    cases.add(
        new Case(
            "All",
            clusters,
            all.seconds(),
            bareAll.seconds(),
            tally(temporal, all, agents),
            bareAll.tally(),
            idle,
            during[0],
            allCpu,
            bareAll.cpu(),
            directAll));
    settle();
    Bare bareWindow = bareFanOut(temporal, clusters, WINDOW, agents, cpu);
    settle();
    Bare directWindow = straightToTheAgents(temporal, clusters, WINDOW, agents, cpu);
    settle();
    CpuLedger.Reading progressiveFrom = cpu.read();
    Window progressive =
        rollout(
            kubectl,
            "bench-progressive-" + clusters,
            placement,
            "{type: Progressive, progressive: {maxConcurrency: " + WINDOW + "}}");
    CpuLedger.Spent progressiveCpu = CpuLedger.between(progressiveFrom, cpu.read());
    cases.add(
        new Case(
            "Progressive " + WINDOW,
            clusters,
            progressive.seconds(),
            bareWindow.seconds(),
            tally(temporal, progressive, agents),
            bareWindow.tally(),
            Double.NaN,
            Double.NaN,
            progressiveCpu,
            bareWindow.cpu(),
            directWindow));
  }

  /**
   * Waits, before each measurement, until at most {@link #QUIET_CORES} of the machine's cores have
   * been busy for a few seconds (at most {@link #SETTLE_PATIENCE}), so that a rollout and its
   * baseline both start on a quiet machine rather than one of them during the last of a fleet's
   * joins.
   */
  private static void settle() {
    Duration waited = CpuLedger.awaitQuiet(QUIET_CORES, SETTLE_PATIENCE);
    System.out.printf(Locale.ROOT, "settled after %.1f s%n", waited.toMillis() / 1000.0);
  }

  /**
   * Every workflow's events in the rollout's window, by workflow type; the window ends a second
   * late, since the condition's time is whole seconds.
   */
  private static Map<String, HistoryTally> tally(
      WorkflowClient temporal, Window window, HistoryTally.Agents agents) {
    Instant end = window.to().plusSeconds(1);
    return HistoryTally.byType(
        temporal, HistoryTally.activeIn(window.from(), end), window.from(), end, agents);
  }

  /** Whether a cluster is one of those that joined after the first fleet JVM's. */
  private static boolean joinedLater(String name) {
    String number = name.startsWith("rb") ? name.substring(2) : "";
    return !number.isEmpty()
        && number.chars().allMatch(Character::isDigit)
        && Integer.parseInt(number) > SMALL;
  }

  private static List<String> names(int first, int last) {
    return IntStream.rangeClosed(first, last).mapToObj(i -> "rb" + i).toList();
  }

  /** Placement {@code first}: the clusters of the first fleet JVM, by the claim they make. */
  private static void placeFirst(Kubectl kubectl) {
    kubectl
        .run(
            """
            apiVersion: cluster.open-cluster-management.io/v1beta1
            kind: Placement
            metadata: {name: first, namespace: %s}
            spec:
              predicates:
              - requiredClusterSelector:
                  claimSelector:
                    matchExpressions: [{key: %s, operator: In, values: [first]}]
            """
                .formatted(NS, TIER_CLAIM),
            "apply",
            "-f",
            "-")
        .ok();
    await("placement first selects " + SMALL)
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .run(
                        null,
                        "get",
                        "placement",
                        "first",
                        "-n",
                        NS,
                        "-o",
                        "jsonpath={.status.numberOfSelectedClusters}")
                    .output()
                    .equals(Integer.toString(SMALL)));
  }

  /** Rolls a one-ConfigMap work out and returns its window, create to PlacementRolledOut. */
  static Window rollout(Kubectl kubectl, String name, String placement, String strategy) {
    return rollout(kubectl, name, placement, strategy, () -> {});
  }

  /**
   * Rolls a one-ConfigMap work out, runs {@code during} once the rollout has started, and returns
   * the rollout's window.
   */
  private static Window rollout(
      Kubectl kubectl, String name, String placement, String strategy, Runnable during) {
    kubectl
        .run(
            """
            apiVersion: work.open-cluster-management.io/v1alpha1
            kind: ManifestWorkReplicaSet
            metadata: {name: %s, namespace: %s}
            spec:
              placementRefs: [{name: %s, rolloutStrategy: %s}]
              manifestWorkTemplate:
                workload:
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: %s, namespace: default}, data: {v: "1"}}
            """
                .formatted(name, NS, placement, strategy, name),
            "apply",
            "-f",
            "-")
        .ok();
    during.run();
    return awaitCondition(kubectl, "mwrs", NS, name, "PlacementRolledOut", Duration.ofSeconds(2));
  }

  /**
   * Creates a one-ConfigMap ManifestWork on a cluster through the gateway, as a person would, and
   * returns create to {@code Applied=True} in workflow time.
   */
  private static double byHand(Kubectl kubectl, String cluster, String name) {
    kubectl
        .run(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {name: %s, namespace: %s}
            spec:
              workload:
                manifests:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: %s, namespace: default}, data: {v: "1"}}
            """
                .formatted(name, cluster, name),
            "apply",
            "-f",
            "-")
        .ok();
    return awaitCondition(kubectl, "manifestwork", cluster, name, "Applied", Duration.ofMillis(200))
        .seconds();
  }

  /**
   * Waits until an object's condition is True and returns its window: from the object's creation to
   * the condition's last transition, both as the hub stamped them.
   */
  private static Window awaitCondition(
      Kubectl kubectl,
      String resource,
      String namespace,
      String name,
      String condition,
      Duration pollInterval) {
    String path = "{.status.conditions[?(@.type==\"" + condition + "\")]";
    await(resource + " " + name + " " + condition)
        .atMost(ROLLOUT_TIMEOUT)
        .pollInterval(pollInterval)
        .until(
            () ->
                kubectl
                    .run(
                        null,
                        "get",
                        resource,
                        name,
                        "-n",
                        namespace,
                        "-o",
                        "jsonpath=" + path + ".status}")
                    .output()
                    .equals("True"));
    String[] times =
        kubectl
            .ok(
                "get",
                resource,
                name,
                "-n",
                namespace,
                "-o",
                "jsonpath={.metadata.creationTimestamp} " + path + ".lastTransitionTime}")
            .split(" ");
    return new Window(Instant.parse(times[0]), Instant.parse(times[1]));
  }

  /**
   * One bare workflow that runs a no-op activity per cluster, window at a time; its duration and
   * what its history holds.
   */
  private static Bare bareFanOut(
      WorkflowClient client, int clusters, int window, HistoryTally.Agents agents, CpuLedger cpu) {
    return baseline(
        client,
        "BareFanOutWorkflow",
        "bench-fan-out-" + clusters + "-" + window,
        agents,
        cpu,
        clusters,
        window);
  }

  /**
   * One workflow that runs the agents' own apply of a one-ConfigMap work on each cluster, window at
   * a time ({@link DirectApplyWorkflow}); its duration and what its history holds.
   */
  private static Bare straightToTheAgents(
      WorkflowClient client, int clusters, int window, HistoryTally.Agents agents, CpuLedger cpu) {
    String id = "bench-direct-" + clusters + "-" + window;
    return baseline(client, "DirectApplyWorkflow", id, agents, cpu, names(1, clusters), window, id);
  }

  /** Runs one baseline workflow to its end; its duration, history and CPU. */
  private static Bare baseline(
      WorkflowClient client,
      String type,
      String name,
      HistoryTally.Agents agents,
      CpuLedger cpu,
      Object... arguments) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory
        .newWorker(BareJoinWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(
            BareFanOutWorkflow.Impl.class, DirectApplyWorkflow.Impl.class);
    factory
        .newWorker(BareJoinWorkflow.AGENT_QUEUE)
        .registerActivitiesImplementations((BareJoinWorkflow.Noop) () -> {});
    factory.start();
    try {
      String id = name + "-" + System.nanoTime();
      WorkflowStub stub =
          client.newUntypedWorkflowStub(
              type,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(id)
                  .setTaskQueue(BareJoinWorkflow.TASK_QUEUE)
                  .build());
      CpuLedger.Reading from = cpu.read();
      long start = System.nanoTime();
      stub.start(arguments);
      stub.getResult(Void.class);
      double seconds = (System.nanoTime() - start) / 1e9;
      // The worker's start before and the history read after are not the baseline's work.
      CpuLedger.Spent spent = CpuLedger.between(from, cpu.read());
      HistoryTally tally =
          HistoryTally.of(
              client.fetchHistory(id).getEvents(),
              Instant.EPOCH,
              Instant.now().plusSeconds(60),
              agents);
      return new Bare(seconds, tally, spent);
    } finally {
      factory.shutdown();
    }
  }

  /** Reads a fleet JVM's resident memory, peak, live heap and threads. */
  private static FleetJvm memory(ManagedProcess jvm, int clusters) {
    ProcessFigures.Figures f = ProcessFigures.of(jvm.pid());
    return new FleetJvm(clusters, f.rssKb(), f.peakRssKb(), f.heapUsedKb(), f.threads());
  }

  private static String loadAverage() {
    return ProcessFigures.loadAverage();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
