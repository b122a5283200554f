package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: ManifestWork delivery in two shapes, one cluster with 500 works and 100
 * clusters with one work each. It reports create-to-Applied latency and throughput against the same
 * objects applied directly with fabric8 to the same simulated clusters, and against a bare Temporal
 * fan-out on the same server, plus what an idle work costs Temporal per hour. Run it with {@code
 * ./fleetflow bench}; it writes its section of {@code docs/benchmarks.md}.
 */
class ManifestWorkBenchmark {
  private static final int WORKS_ON_ONE = Integer.getInteger("fleetflow.bench.works", 500);
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.workClusters", 100);
  private static final int CLIENT_THREADS = 16;
  private static final Duration IDLE_WINDOW =
      Duration.ofSeconds(Integer.getInteger("fleetflow.bench.workIdleSeconds", 120));
  private static final String STATE = "fleet-state";

  /** The reasons of a takeover that is still installing or updating its resources. */
  private static final java.util.Set<String> TAKEOVER_RUNNING =
      java.util.Set.of("Installing", "Updating");

  @Test
  void fiveHundredWorksOnOneClusterAndOneWorkOnEachOfAHundred() throws Exception {
    List<String> spread = IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "spread" + i).toList();
    List<String> names = new ArrayList<>(spread);
    names.add("busy");
    try (Fleet fleet =
            Fleet.start(
                "work-bench",
                List.of(
                    "--fleetflow.registration.auto-approval[0].name=bench",
                    "--fleetflow.registration.auto-approval[0].claims.[bench.fleetflow.io]=yes"));
        KubernetesClient hub = fleet.gatewayClient("admin")) {
      var fleetJvm = fleet.startAgentFleet(names, "--claim", "bench.fleetflow.io=yes");
      HistoryTally.Agents agents = HistoryTally.Agents.of(List.of(fleetJvm.pid()));
      await("all clusters available and taken over")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> availableClusters(hub) == names.size());

      List<Target> busy =
          IntStream.range(0, WORKS_ON_ONE).mapToObj(i -> new Target("busy", "w" + i)).toList();
      List<Target> oneEach = spread.stream().map(c -> new Target(c, "w0")).toList();

      var temporal = fleet.temporal();
      CpuLedger cpu = CpuLedger.forFleet(fleet, List.of(fleetJvm.pid()));
      List<CpuLedger.Row> busyCpu = new ArrayList<>();
      List<CpuLedger.Row> spreadCpu = new ArrayList<>();
      Run busyFleetflow =
          spent(cpu, busyCpu, "Fleetflow", busy.size(), () -> viaFleetflow(fleet, hub, busy));
      Map<String, HistoryTally> busyTally = busyFleetflow.tally(temporal, agents);
      Run busyDirect =
          spent(cpu, busyCpu, "fabric8 directly", busy.size(), () -> direct(fleet, busy));
      Instant bareFrom = Instant.now();
      BareFanOut.Result busyBare =
          spent(
              cpu,
              busyCpu,
              "bare fan-out",
              busy.size(),
              () -> BareFanOut.run(temporal, busy.size()));
      HistoryTally busyBareTally = bareTally(temporal, bareFrom, agents);
      Run spreadFleetflow =
          spent(
              cpu, spreadCpu, "Fleetflow", oneEach.size(), () -> viaFleetflow(fleet, hub, oneEach));
      Map<String, HistoryTally> spreadTally = spreadFleetflow.tally(temporal, agents);
      Run spreadDirect =
          spent(cpu, spreadCpu, "fabric8 directly", oneEach.size(), () -> direct(fleet, oneEach));
      bareFrom = Instant.now();
      BareFanOut.Result spreadBare =
          spent(
              cpu,
              spreadCpu,
              "bare fan-out",
              oneEach.size(),
              () -> BareFanOut.run(temporal, oneEach.size()));
      HistoryTally spreadBareTally = bareTally(temporal, bareFrom, agents);

      String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[1];
      IdleCost idle =
          IdleCost.measure(
              fleet.temporal(),
              busy.subList(0, 20).stream().map(Target::workflowId).toList(),
              IDLE_WINDOW);

      BenchmarkReport.write(
          "## ManifestWork:",
          section(
                  busyFleetflow,
                  busyDirect,
                  busyBare,
                  spreadFleetflow,
                  spreadDirect,
                  spreadBare,
                  idle,
                  load)
              + accounting(
                  List.of(
                      new Accounting(
                          WORKS_ON_ONE + " works on one cluster",
                          busy.size(),
                          busyTally,
                          busyBareTally,
                          busyCpu),
                      new Accounting(
                          "one work on each of " + CLUSTERS + " clusters",
                          oneEach.size(),
                          spreadTally,
                          spreadBareTally,
                          spreadCpu))));
      assertThat(busyFleetflow.latency().median()).isPositive();
    }
  }

  /** One work: its cluster and name. */
  record Target(String cluster, String name) {
    String workflowId() {
      return "ManifestWork/" + cluster + "/" + name;
    }
  }

  /**
   * What one way of delivering measured; through Fleetflow also its window, from the first creation
   * to the last {@code Applied=True}.
   */
  record Run(Stats latency, double wallSeconds, int count, Instant from, Instant to) {
    double throughput() {
      return count / wallSeconds;
    }

    /**
     * Every workflow's events in the run's window, by workflow type; the window ends a second late,
     * since the conditions' times are whole seconds.
     */
    Map<String, HistoryTally> tally(WorkflowClient temporal, HistoryTally.Agents agents) {
      Instant end = to.plusSeconds(1);
      return HistoryTally.byType(temporal, HistoryTally.activeIn(from, end), from, end, agents);
    }
  }

  /** What one shape of delivery wrote to Temporal, and what its baseline did. */
  record Accounting(
      String label,
      int works,
      Map<String, HistoryTally> fleetflow,
      HistoryTally bare,
      List<CpuLedger.Row> cpu) {}

  /** Runs a measurement and adds what the processes spent on it to {@code rows}. */
  private static <T> T spent(
      CpuLedger cpu, List<CpuLedger.Row> rows, String label, int units, Callable<T> measured)
      throws Exception {
    CpuLedger.Reading from = cpu.read();
    T result = measured.call();
    rows.add(new CpuLedger.Row(label, units, CpuLedger.between(from, cpu.read())));
    return result;
  }

  /** The bare workflows started since {@code from}, all their events. */
  private static HistoryTally bareTally(
      WorkflowClient temporal, Instant from, HistoryTally.Agents agents) {
    return HistoryTally.byType(
            temporal,
            "WorkflowType = 'BareJoinWorkflow' AND StartTime >= '%s'".formatted(from),
            from,
            Instant.now().plusSeconds(60),
            agents)
        .values()
        .stream()
        .reduce(HistoryTally.NONE, HistoryTally::plus);
  }

  /** One table per shape: its workflows by type, their total, and the bare fan-out, per work. */
  private static String accounting(List<Accounting> shapes) {
    StringBuilder text =
        new StringBuilder(
            """

            ### Where the time goes: what delivery wrote to Temporal, per work

            Read back from the histories after the run: every workflow run with events between
            the first work's creation and the last one's `Applied=True`, by workflow type (idle
            clusters and the liveness sweep included, since they share the server), divided by
            the number of works; then the bare fan-out's workflows, divided the same way. Calls
            are those the histories show: a workflow or activity task is two (poll and
            completion), a signal or an update one; heartbeats, queries and empty polls are not
            counted. Below each table, the CPU that each process spent while each way of
            delivering ran, from `/proc` (the benchmark's JVM holds the clients, and for the bare
            fan-out its workflows and activities; "cores busy" is the machine's CPU time over the
            wall time).

            """);
    for (Accounting shape : shapes) {
      text.append("#### ").append(shape.label()).append("\n\n");
      text.append(
          HistoryTally.table("per work", shape.fleetflow(), shape.bare(), shape.works()).text());
      text.append("\nCPU spent while each ran, by process:\n\n")
          .append(CpuLedger.table("work", shape.cpu()))
          .append("\n\n");
    }
    return text.toString();
  }

  /** Creates every work through the gateway and waits until all are Applied. */
  private static Run viaFleetflow(Fleet fleet, KubernetesClient hub, List<Target> targets)
      throws Exception {
    long started = System.nanoTime();
    parallel(
        targets,
        t -> hub.resources(ManifestWork.class).inNamespace(t.cluster()).resource(work(t)).create());
    var temporal = fleet.temporal();
    String applied =
        "FleetflowKind = 'ManifestWork' AND FleetflowPhase = 'Available' AND FleetflowCluster IN ("
            + String.join(
                ",", targets.stream().map(t -> "'" + t.cluster() + "'").distinct().toList())
            + ")";
    await("every work Applied")
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> temporal.countWorkflows(applied).getCount() >= targets.size());
    double wall = (System.nanoTime() - started) / 1e9;
    List<Double> latencies = new ArrayList<>();
    Instant from = Instant.MAX;
    Instant to = Instant.MIN;
    for (Target t : targets) {
      ManifestWork work =
          hub.resources(ManifestWork.class).inNamespace(t.cluster()).withName(t.name()).get();
      Instant created = Instant.parse(work.getMetadata().getCreationTimestamp());
      Instant appliedAt =
          Instant.parse(
              Conditions.find(work.getStatus().getConditions(), ManifestWork.CONDITION_APPLIED)
                  .orElseThrow()
                  .getLastTransitionTime());
      latencies.add(Duration.between(created, appliedAt).toMillis() / 1000.0);
      from = created.isBefore(from) ? created : from;
      to = appliedAt.isAfter(to) ? appliedAt : to;
    }
    return new Run(Stats.of(latencies), wall, targets.size(), from, to);
  }

  /** Creates the same objects (other names) with fabric8 straight on the simulated clusters. */
  private static Run direct(Fleet fleet, List<Target> targets) throws Exception {
    Map<String, KubernetesClient> clients = new HashMap<>();
    for (String cluster : targets.stream().map(Target::cluster).distinct().toList()) {
      clients.put(
          cluster,
          new KubernetesClientBuilder()
              .withConfig(
                  Config.fromKubeconfig(Files.readString(fleet.clusterKubeconfig(cluster, STATE))))
              .build());
    }
    try {
      long started = System.nanoTime();
      List<Double> latencies =
          parallel(
              targets,
              t -> {
                KubernetesClient c = clients.get(t.cluster());
                long start = System.nanoTime();
                c.configMaps()
                    .inNamespace("default")
                    .resource(
                        new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("direct-" + t.name())
                            .endMetadata()
                            .addToData("message", "benchmark " + t.name())
                            .build())
                    .create();
                c.secrets()
                    .inNamespace("default")
                    .resource(
                        new SecretBuilder()
                            .withNewMetadata()
                            .withName("direct-" + t.name())
                            .endMetadata()
                            .addToStringData("token", "benchmark " + t.name())
                            .build())
                    .create();
                return (System.nanoTime() - start) / 1e9;
              });
      return new Run(
          Stats.of(latencies), (System.nanoTime() - started) / 1e9, targets.size(), null, null);
    } finally {
      clients.values().forEach(KubernetesClient::close);
    }
  }

  /** The work of a target: a ConfigMap and a Secret in the default namespace. */
  private static ManifestWork work(Target t) {
    ManifestWork work = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(t.name());
    meta.setNamespace(t.cluster());
    work.setMetadata(meta);
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(
        new ManifestWorkSpec.Workload(
            List.of(
                manifest("ConfigMap", "bench-" + t.name(), "data", Map.of("message", t.name())),
                manifest("Secret", "bench-" + t.name(), "stringData", Map.of("token", t.name())))));
    work.setSpec(spec);
    return work;
  }

  private static GenericKubernetesResource manifest(
      String kind, String name, String field, Map<String, String> value) {
    GenericKubernetesResource m = new GenericKubernetesResource();
    m.setApiVersion("v1");
    m.setKind(kind);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace("default");
    m.setMetadata(meta);
    m.setAdditionalProperty(field, value);
    return m;
  }

  /**
   * Clusters that are Available and whose takeover has settled (complete, or failed and waiting to
   * try again), so that the measured windows hold the works' own cost and not the takeovers' of the
   * fleet that just joined.
   */
  private static int availableClusters(KubernetesClient hub) {
    return (int)
        hub.resources(ManagedCluster.class).list().getItems().stream()
            .filter(
                c ->
                    Conditions.isTrue(
                            c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)
                        && Conditions.find(
                                c.getStatus().getConditions(), Takeover.CONDITION_TAKEN_OVER)
                            .map(condition -> !TAKEOVER_RUNNING.contains(condition.getReason()))
                            .orElse(false))
            .count();
  }

  /** A call per target. */
  private interface Call<T> {
    T call(Target target) throws Exception;
  }

  /** Runs a call per target on a fixed number of client threads and returns their results. */
  private static <T> List<T> parallel(List<Target> targets, Call<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Target t : targets) {
        futures.add(pool.submit(() -> call.call(t)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  private static String section(
      Run busy,
      Run busyDirect,
      BareFanOut.Result busyBare,
      Run spread,
      Run spreadDirect,
      BareFanOut.Result spreadBare,
      IdleCost idle,
      String load) {
    return """
        ## ManifestWork: %d works on one cluster, one work on each of %d clusters

        Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/ManifestWorkBenchmark.java`)
        on %s: one dev server, the hub, the gateway and one fleet JVM hosting %d simulated clusters, on
        this machine (2 cores, load average %s over the runs' last 5 minutes). Each work is a ConfigMap and a Secret, created through the gateway by
        %d client threads. Baselines in the same run: the same two objects created straight on the
        same simulated clusters with fabric8 by as many threads, and a bare Temporal fan-out (one
        workflow running one no-op activity on another task queue, per work) on the same server.
        Fleetflow's latency is create to `Applied=True` in workflow time.

        | | median | p99 | throughput |
        |---|---|---|---|
        | %d works on one cluster: Fleetflow | %.2f s | %.2f s | %.1f works/s |
        | same objects with fabric8 directly | %.3f s | %.3f s | %.1f works/s |
        | bare Temporal fan-out | %.2f s | %.2f s | %.1f workflows/s |
        | ratio Fleetflow / fabric8 | %.0f | %.0f | %.2f |
        | ratio Fleetflow / bare Temporal | %.1f | %.1f | %.2f |
        | one work on each of %d clusters: Fleetflow | %.2f s | %.2f s | %.1f works/s |
        | same objects with fabric8 directly | %.3f s | %.3f s | %.1f works/s |
        | bare Temporal fan-out | %.2f s | %.2f s | %.1f workflows/s |
        | ratio Fleetflow / fabric8 | %.0f | %.0f | %.2f |
        | ratio Fleetflow / bare Temporal | %.1f | %.1f | %.2f |

        Idle cost per ManifestWork (measured on 20 of the works on one cluster over %d s, scaled to an
        hour): %.1f history events and %.1f workflow actions (signals, timers, activities, upserts,
        updates, signals to owners). An idle work has no timer: the agent watches what it applied and
        signals the work only when something changes on the cluster, so the steady cost follows the
        changes, not works × time (OCM's agent re-applies every work every few minutes).

        An agent runs up to 32 of its cluster's activities at once (virtual threads), so the works
        of one cluster are applied side by side. Each work is a workflow of its own, as in OCM each
        is an object of its own; the bare fan-out, one workflow and one activity per work on the
        same server, bounds what that design reaches on this machine, whatever the agent does.
        """
        .formatted(
            WORKS_ON_ONE,
            CLUSTERS,
            java.time.LocalDate.now(),
            CLUSTERS + 1,
            load,
            CLIENT_THREADS,
            busy.count(),
            busy.latency().median(),
            busy.latency().p99(),
            busy.throughput(),
            busyDirect.latency().median(),
            busyDirect.latency().p99(),
            busyDirect.throughput(),
            busyBare.latency().median(),
            busyBare.latency().p99(),
            busyBare.throughput(busy.count()),
            busy.latency().median() / busyDirect.latency().median(),
            busy.latency().p99() / busyDirect.latency().p99(),
            busy.throughput() / busyDirect.throughput(),
            busy.latency().median() / busyBare.latency().median(),
            busy.latency().p99() / busyBare.latency().p99(),
            busy.throughput() / busyBare.throughput(busy.count()),
            spread.count(),
            spread.latency().median(),
            spread.latency().p99(),
            spread.throughput(),
            spreadDirect.latency().median(),
            spreadDirect.latency().p99(),
            spreadDirect.throughput(),
            spreadBare.latency().median(),
            spreadBare.latency().p99(),
            spreadBare.throughput(spread.count()),
            spread.latency().median() / spreadDirect.latency().median(),
            spread.latency().p99() / spreadDirect.latency().p99(),
            spread.throughput() / spreadDirect.throughput(),
            spread.latency().median() / spreadBare.latency().median(),
            spread.latency().p99() / spreadBare.latency().p99(),
            spread.throughput() / spreadBare.throughput(spread.count()),
            IDLE_WINDOW.toSeconds(),
            idle.eventsPerHour(),
            idle.actionsPerHour());
  }
}
