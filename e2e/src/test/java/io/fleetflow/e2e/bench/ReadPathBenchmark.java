package io.fleetflow.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.temporal.client.WorkflowClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: the gateway's read path at fleet size. Simulated clusters (one fleet
 * JVM) each get {@value #WORKS_PER_CLUSTER} ManifestWorks from as many ManifestWorkReplicaSets;
 * then lists of every ManagedCluster and every ManifestWork through the gateway (its watch cache)
 * against the same lists from Temporal's visibility API alone, in the same run; the time from a
 * change's answer to its event on 1 and on 100 open watches; and the gateway's CPU and heap with 0
 * and 100 watches open. Writes a section of {@code docs/benchmarks.md}.
 */
class ReadPathBenchmark {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.clusters", 200);

  /**
   * ManagedClusters registered by an operator ahead of their agents (OCM allows it), which fill the
   * list to the 1,000 where one fleet JVM cannot host that many simulated clusters.
   */
  private static final int REGISTERED =
      Integer.getInteger("fleetflow.bench.registeredClusters", 800);

  private static final int WORKS_PER_CLUSTER =
      Integer.getInteger("fleetflow.bench.worksPerCluster", 5);
  private static final int LISTS = 40;
  private static final int CHANGES = 20;
  private static final int MANY_WATCHES = 100;
  private static final Duration IDLE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLUSTERS_PATH =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters";
  private static final String WORKS_PATH = "/apis/work.open-cluster-management.io/v1/manifestworks";

  @Test
  void listsWatchesAndTheGatewaysCostAtFleetSize() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    String loadBefore = ProcessFigures.loadAverage();
    try (Fleet fleet = Fleet.start("read-bench", Placements.AUTO_APPROVE_SIMULATED)) {
      Kubectl kubectl = fleet.kubectl();
      fleet.startAgentFleet(IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "rp" + i).toList());
      Placements.placeAll(kubectl, "bench", CLUSTERS, Duration.ofMinutes(15));
      // First, while the hub is idle (a create waits behind the rollouts' thousands of works).
      // Not accepted: a join request that waits for its decision is idle, where an accepted
      // cluster without an agent would ask for it again and again. kubectl applies one object at
      // a time, so the clusters go in batches that each finish well within kubectl's 120 s here.
      for (int first = 1; first <= REGISTERED; first += 100) {
        StringBuilder registered = new StringBuilder();
        for (int i = first; i < first + 100 && i <= REGISTERED; i++) {
          registered.append(
              """
              apiVersion: cluster.open-cluster-management.io/v1
              kind: ManagedCluster
              metadata: {name: registered-%d}
              spec: {hubAcceptsClient: false}
              ---
              """
                  .formatted(i));
        }
        kubectl.run(registered.toString(), "apply", "-f", "-").ok();
      }
      for (int w = 1; w <= WORKS_PER_CLUSTER; w++) {
        kubectl.run(replicaSet(w), "apply", "-f", "-").ok();
      }
      Gateway gateway = new Gateway(fleet);
      long clusterDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (gateway.list(CLUSTERS_PATH).path("items").size() < CLUSTERS + REGISTERED) {
        if (System.nanoTime() > clusterDeadline) {
          throw new AssertionError("the registered clusters did not all appear within 10 minutes");
        }
        Thread.sleep(2_000);
      }
      int works = CLUSTERS * WORKS_PER_CLUSTER;
      // Rollouts make about four works a second on this machine; 5,000 take 20 minutes or more.
      Duration worksWait = Duration.ofMinutes(10).plusSeconds(works / 2);
      long deadline = System.nanoTime() + worksWait.toNanos();
      while (gateway.list(WORKS_PATH).path("items").size() < works) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the works did not all appear within " + worksWait);
        }
        Thread.sleep(5_000);
      }
      WorkflowClient temporal = fleet.temporal();
      double callsBefore = gateway.temporalRequests();
      Stats clusterList = timed(() -> gateway.list(CLUSTERS_PATH));
      double callsPerList = (gateway.temporalRequests() - callsBefore) / LISTS;
      Stats clusterVisibility = timed(() -> visibility(temporal, "ManagedCluster"));
      Stats workList = timed(() -> gateway.list(WORKS_PATH));
      Stats workVisibility = timed(() -> visibility(temporal, "ManifestWork"));

      long pid = fleet.gateway().pid();
      Cost idle = cost(pid, List.of());
      List<Watcher> one = gateway.watch(1);
      long ticks = cpuTicks(pid);
      Stats oneWatch = changeToEvent(one, gateway);
      double oneWatchCpu = (cpuTicks(pid) - ticks) / 100.0;
      one.forEach(Watcher::close);
      List<Watcher> many = gateway.watch(MANY_WATCHES);
      Cost watched = profiled(pid, () -> cost(pid, many));
      ticks = cpuTicks(pid);
      Stats manyWatches = changeToEvent(many, gateway);
      double manyWatchesCpu = (cpuTicks(pid) - ticks) / 100.0;
      many.forEach(Watcher::close);
      String loadAfter = ProcessFigures.loadAverage();
      BenchmarkReport.write(
          "## Read path:",
          """
          ## Read path: lists and watches from the watch cache at %d clusters and %d works

          Measured %s by `ReadPathBenchmark` (load average before: %s, after: %s). One fleet JVM of
          %d simulated clusters, %d more ManagedClusters registered by an operator ahead of their
          agents (join requests not yet accepted), %d ManifestWorks (%d replica sets to all simulated clusters). Lists through the
          gateway are answered by its watch cache; "visibility alone" pages through Temporal's
          `ListWorkflowExecutions` for the same kind with no query of any workflow (what a list
          without the cache started with, before its one query per object). %d lists each, one at a
          time.

          | list | gateway (cache) median / p99 | visibility alone median / p99 | gateway / visibility (median) |
          |---|---|---|---|
          | all ManagedClusters (%d) | %.1f / %.1f ms | %.1f / %.1f ms | %.2f |
          | all ManifestWorks (%d) | %.1f / %.1f ms | %.1f / %.1f ms | %.2f |

          Temporal calls the gateway made per list of all ManagedClusters (its SDK's
          `temporal_request_total`, long polls of the feed not counted): %.2f.

          Change to event: a label written on a ManagedCluster with a merge patch (%d times), timed
          from the patch's answer to the MODIFIED event on each open watch of all ManagedClusters
          (0 when the event came first: the feed can bring it before the answer reaches the client).

          | open watches | median | p99 | gateway CPU for the %d changes |
          |---|---|---|---|
          | 1 | %.0f ms | %.0f ms | %.2f s |
          | %d | %.0f ms | %.0f ms | %.2f s |

          The gateway's cost over %d s without changes, with no watch and with %d open (all
          established before the measurement starts; the watches received %.1f events each in
          it): CPU %.2f s and %.2f s (%.2f), live heap after a full collection %d MiB and %d MiB,
          threads %d and %d. A list from the cache makes no call to Temporal; an open watch costs a
          queue and the thread that writes its stream; a change is encoded once for every watch
          of its kind and version, and written to each.
          The list of clusters is at the issue's size (1,000 with the default settings); the works
          are not at its 5,000: they are made by rollouts to the simulated clusters, at about three
          works a second on this machine (see "ManifestWork"), and one fleet JVM holds about 200
          simulated clusters (see "Rollout to 1,000 clusters").
          """
              .formatted(
                  CLUSTERS + REGISTERED,
                  works,
                  java.time.LocalDate.now(),
                  loadBefore,
                  loadAfter,
                  CLUSTERS,
                  REGISTERED,
                  works,
                  WORKS_PER_CLUSTER,
                  LISTS,
                  CLUSTERS + REGISTERED,
                  clusterList.median(),
                  clusterList.p99(),
                  clusterVisibility.median(),
                  clusterVisibility.p99(),
                  clusterList.median() / clusterVisibility.median(),
                  works,
                  workList.median(),
                  workList.p99(),
                  workVisibility.median(),
                  workVisibility.p99(),
                  workList.median() / workVisibility.median(),
                  callsPerList,
                  CHANGES,
                  CHANGES,
                  oneWatch.median(),
                  oneWatch.p99(),
                  oneWatchCpu,
                  MANY_WATCHES,
                  manyWatches.median(),
                  manyWatches.p99(),
                  manyWatchesCpu,
                  IDLE.toSeconds(),
                  MANY_WATCHES,
                  watched.eventsPerWatch(),
                  idle.cpuSeconds(),
                  watched.cpuSeconds(),
                  watched.cpuSeconds() / Math.max(0.01, idle.cpuSeconds()),
                  idle.heapMiB(),
                  watched.heapMiB(),
                  idle.threads(),
                  watched.threads()));
    }
  }

  private static Stats timed(Supplier<Object> list) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < LISTS; i++) {
      long start = System.nanoTime();
      list.get();
      times.add((System.nanoTime() - start) / 1e6);
    }
    return Stats.of(times);
  }

  private static Object visibility(WorkflowClient temporal, String kind) {
    return temporal
        .listExecutions("FleetflowKind = '" + kind + "' AND ExecutionStatus = 'Running'")
        .toList();
  }

  /** Labels a cluster {@value #CHANGES} times and times each change's event on every watch. */
  private static Stats changeToEvent(List<Watcher> open, Gateway gateway) throws Exception {
    List<Double> delays = new ArrayList<>();
    for (int i = 1; i <= CHANGES; i++) {
      String value = "v" + System.nanoTime();
      // Through the benchmark's own client, so that the answer's time is the response's, not the
      // end of a kubectl process.
      long answered =
          gateway.mergePatch(
              CLUSTERS_PATH + "/rp1", "{\"metadata\":{\"labels\":{\"bench\":\"" + value + "\"}}}");
      for (Watcher watcher : open) {
        long seen = watcher.await(value, Duration.ofSeconds(30));
        delays.add(Math.max(0, seen - answered) / 1e6);
      }
    }
    return Stats.of(delays);
  }

  /**
   * CPU seconds over {@link #IDLE}, live heap and threads of the gateway at the end, and how many
   * events the open watches received meanwhile (each).
   */
  private static Cost cost(long pid, List<Watcher> open) throws Exception {
    long eventsBefore = open.stream().mapToLong(Watcher::events).sum();
    long before = cpuTicks(pid);
    Thread.sleep(IDLE.toMillis());
    long after = cpuTicks(pid);
    long events = open.stream().mapToLong(Watcher::events).sum() - eventsBefore;
    ProcessFigures.Figures figures = ProcessFigures.of(pid);
    return new Cost(
        (after - before) / 100.0,
        figures.heapUsedKb() / 1024,
        figures.threads(),
        open.isEmpty() ? 0 : (double) events / open.size());
  }

  /**
   * Runs a measurement under a flight recording of the gateway when {@code
   * -Dfleetflow.bench.profile=DIR} names where to keep it, to see where its CPU goes.
   */
  private static Cost profiled(long pid, java.util.concurrent.Callable<Cost> measure)
      throws Exception {
    String dir = System.getProperty("fleetflow.bench.profile");
    if (dir == null) {
      return measure.call();
    }
    Path file = Path.of(dir).toAbsolutePath().resolve("gateway-watched.jfr");
    jcmd(pid, "JFR.start", "name=bench", "settings=profile");
    try {
      return measure.call();
    } finally {
      jcmd(pid, "JFR.stop", "name=bench", "filename=" + file);
    }
  }

  private static void jcmd(long pid, String... command) throws Exception {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new AssertionError("jcmd " + String.join(" ", command) + " failed");
    }
  }

  private static long cpuTicks(long pid) throws Exception {
    String[] stat =
        Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ", 2)[1].split(" ");
    return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
  }

  private record Cost(double cpuSeconds, long heapMiB, int threads, double eventsPerWatch) {}

  /** The gateway over HTTPS as the admin: lists, and watches that read their streams. */
  private static final class Gateway {
    private final HttpClient http;
    private final String base;
    private final String token;
    private final ExecutorService readers = Executors.newCachedThreadPool();

    Gateway(Fleet fleet) throws Exception {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream ca = Files.newInputStream(fleet.dir().resolve("gateway.crt"))) {
        trust.setCertificateEntry(
            "gateway", CertificateFactory.getInstance("X.509").generateCertificate(ca));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      this.http = HttpClient.newBuilder().sslContext(tls).executor(readers).build();
      this.base = "https://127.0.0.1:" + fleet.gatewayPort();
      this.token = fleet.adminToken();
    }

    JsonNode list(String path) {
      try {
        HttpResponse<String> response =
            http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new AssertionError(path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
      } catch (Exception e) {
        throw new AssertionError(path, e);
      }
    }

    /** Sends a JSON merge patch and returns when its answer came (System.nanoTime). */
    long mergePatch(String path, String patch) {
      try {
        HttpResponse<String> response =
            http.send(
                request(path)
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (response.statusCode() != 200) {
          throw new AssertionError(path + ": " + response.statusCode() + " " + response.body());
        }
        return answered;
      } catch (Exception e) {
        throw new AssertionError(path, e);
      }
    }

    /** The Temporal requests the gateway's SDK client has made (long polls not counted). */
    double temporalRequests() {
      try {
        HttpResponse<String> metrics =
            http.send(request("/metrics").build(), HttpResponse.BodyHandlers.ofString());
        List<String> counters =
            metrics.body().lines().filter(l -> l.startsWith("temporal_request_total{")).toList();
        if (counters.isEmpty()) {
          // The gateway has made requests (its feed follower's list): no counter means none is
          // exported, which must not read as zero calls.
          throw new AssertionError("the gateway's /metrics has no temporal_request_total");
        }
        return counters.stream()
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
      } catch (Exception e) {
        throw new AssertionError("/metrics", e);
      }
    }

    List<Watcher> watch(int count) throws Exception {
      String from = list(CLUSTERS_PATH).at("/metadata/resourceVersion").asText();
      List<Watcher> watchers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        watchers.add(
            new Watcher(
                http,
                request(CLUSTERS_PATH + "?watch=1&timeoutSeconds=1800&resourceVersion=" + from)
                    .build(),
                readers));
      }
      // Measured from here: every watch has its answer (the gateway has subscribed it), and the
      // gateway has settled after serving them (their TLS handshakes and the compiler's work on
      // the code they ran, which a profile showed to be most of a window that began earlier).
      for (Watcher watcher : watchers) {
        watcher.opened.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      Thread.sleep(15_000);
      return watchers;
    }

    private HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create(base + path))
          .header("Authorization", "Bearer " + token);
    }
  }

  /** One open watch: when each label value of the watched cluster was first seen. */
  private static final class Watcher {
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong events =
        new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.CompletableFuture<Void> opened;
    private volatile InputStream body;

    Watcher(HttpClient http, HttpRequest request, ExecutorService readers) {
      var response = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
      opened =
          response.thenAccept(
              r -> {
                if (r.statusCode() != 200) {
                  throw new AssertionError("watch answered " + r.statusCode());
                }
              });
      response.thenAcceptAsync(r -> read(r.body()), readers);
    }

    long events() {
      return events.get();
    }

    private void read(InputStream stream) {
      body = stream;
      try (var lines =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(stream, java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          long now = System.nanoTime();
          events.incrementAndGet();
          JsonNode label = JSON.readTree(line).at("/object/metadata/labels/bench");
          if (!label.isMissingNode()) {
            seen.putIfAbsent(label.asText(), now);
          }
        }
      } catch (java.io.IOException e) {
        // Closed.
      }
    }

    long await(String value, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!seen.containsKey(value)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no event with bench=" + value + " within " + timeout);
        }
        Thread.sleep(2);
      }
      return seen.get(value);
    }

    void close() {
      try {
        if (body != null) {
          body.close();
        }
      } catch (java.io.IOException e) {
        // Closed already.
      }
    }
  }

  private static String replicaSet(int index) {
    return """
        apiVersion: work.open-cluster-management.io/v1alpha1
        kind: ManifestWorkReplicaSet
        metadata: {name: read-%d, namespace: bench}
        spec:
          placementRefs: [{name: all, rolloutStrategy: {type: All}}]
          manifestWorkTemplate:
            workload:
              manifests:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: read-%d, namespace: default}, data: {n: "%d"}}
        """
        .formatted(index, index, index);
  }
}
