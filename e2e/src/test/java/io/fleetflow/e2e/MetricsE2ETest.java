package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.PromQlNames;
import io.fleetflow.e2e.support.PrometheusText;
import io.fleetflow.e2e.support.RawHttp;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every process's health and metrics, scraped as Prometheus would: the gateway's /livez, /readyz
 * and /metrics (a token needed for metrics), the hub's and the agent's actuator endpoints on their
 * loopback-only management ports with the Temporal SDK's metrics and the fleet's; the alert rules
 * and the dashboard in docs/monitoring read only metrics that these endpoints export; and the
 * cluster gauges move when a cluster's agent dies and its lease runs out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsE2ETest {
  private static final Path MONITORING = Path.of("..").toAbsolutePath().resolve("docs/monitoring");
  private static final String CLUSTER = "metrics1";
  private static final String STATE = "metrics1-state";
  private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Made by Prometheus for every target it scrapes, never exported by one. */
  private static final Set<String> PROMETHEUS_BUILT_INS = Set.of("up");

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static ManagedProcess agent;
  private static int hubPort;
  private static int agentPort;

  @BeforeAll
  static void startFleetWithAWorkThatDrifted() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    fleet = Fleet.start("metrics", List.of("--fleetflow.metrics.refresh-interval=1s"));
    kubectl = fleet.kubectl();
    agent = fleet.startAgent(CLUSTER, STATE);
    kubectl.acceptWhenJoinedAndAwaitAvailable(CLUSTER);
    hubPort = managementPort(fleet.hub());
    agentPort = managementPort(agent);
    // One drift correction, so that the drift counter exists (counters appear on first use).
    kubectl
        .run(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata: {name: watched, namespace: %s}
            spec:
              workload:
                manifests:
                  - {apiVersion: v1, kind: Namespace, metadata: {name: watched}}
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: watched, namespace: watched}
                    data: {message: v1}
            """
                .formatted(CLUSTER),
            "apply",
            "-f",
            "-")
        .ok();
    kubectl.ok(
        "wait",
        "--for=condition=Available",
        "manifestwork/watched",
        "-n",
        CLUSTER,
        "--timeout=60s");
    try (KubernetesClient cluster = fleet.clusterClient(CLUSTER, STATE)) {
      cluster.configMaps().inNamespace("watched").withName("watched").delete();
    }
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void theGatewayAnswersHealthToAnyoneAndMetricsOnlyToAnAuthenticatedCaller() {
    RawHttp anonymous = fleet.rawGateway(null);
    for (String path : List.of("/livez", "/readyz", "/healthz")) {
      RawHttp.Response health = anonymous.send(new RawHttp.Request("GET", path));
      assertThat(health.status()).as(path).isEqualTo(200);
      assertThat(health.text()).isEqualTo("ok");
    }

    RawHttp.Response refused = anonymous.send(new RawHttp.Request("GET", "/metrics"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("kind").asText()).isEqualTo("Status");

    RawHttp.Response metrics =
        fleet.rawGateway("viewer").send(new RawHttp.Request("GET", "/metrics"));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.headers().get("content-type")).startsWith("text/plain");
    PrometheusText gateway = new PrometheusText(metrics.text());
    assertThat(gateway.names())
        .contains("http_server_requests_seconds_count", "jvm_memory_used_bytes")
        .anyMatch(n -> n.startsWith("temporal_"));
  }

  @Test
  @Order(2)
  void theHubAndTheAgentServeHealthAndPrometheusOnTheirManagementPorts() {
    for (int port : List.of(hubPort, agentPort)) {
      for (String probe : List.of("liveness", "readiness")) {
        var response = PrometheusText.get(port, "/actuator/health/" + probe);
        assertThat(response.statusCode()).as(probe + " on " + port).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
      }
      // Nothing but health and metrics is exposed.
      assertThat(PrometheusText.get(port, "/actuator/env").statusCode()).isEqualTo(404);
    }

    PrometheusText hub =
        awaitScrape(hubPort, h -> h.value("fleetflow_drift_corrections_total").isPresent());
    assertThat(hub.value("fleetflow_managed_clusters", "phase=\"Available\"")).hasValue(1.0);
    assertThat(hub.value("fleetflow_manifest_works", "phase=\"Available\"")).hasValue(1.0);
    assertThat(hub.value("fleetflow_join_requests_pending")).hasValue(0.0);
    assertThat(hub.value("fleetflow_drift_corrections_total")).hasValue(1.0);
    assertThat(hub.names()).anyMatch(n -> n.startsWith("temporal_workflow"));

    PrometheusText agentMetrics = PrometheusText.scrape(agentPort, "/actuator/prometheus");
    assertThat(
            agentMetrics.value("fleetflow_agent_lease_age_seconds", "cluster=\"" + CLUSTER + "\""))
        .isPresent();
    assertThat(agentMetrics.names()).anyMatch(n -> n.startsWith("temporal_activity"));
  }

  @Test
  @Order(3)
  void managementPortsAnswerOnlyOnLoopback() {
    Optional<InetAddress> outside = nonLoopbackAddress();
    Assumptions.assumeTrue(outside.isPresent(), "this host has no address but loopback");
    for (int port : List.of(hubPort, agentPort)) {
      assertThat(connects(outside.get(), port)).as("port %d on %s", port, outside.get()).isFalse();
      assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
    }
  }

  @Test
  @Order(4)
  void theAlertRulesAndTheDashboardReadOnlyExportedMetrics() throws IOException {
    Set<String> exported = new TreeSet<>(PROMETHEUS_BUILT_INS);
    exported.addAll(PrometheusText.scrape(hubPort, "/actuator/prometheus").names());
    exported.addAll(PrometheusText.scrape(agentPort, "/actuator/prometheus").names());
    exported.addAll(
        new PrometheusText(
                fleet.rawGateway("viewer").send(new RawHttp.Request("GET", "/metrics")).text())
            .names());

    // Kept beside the fleet's logs, for whoever writes the next rule.
    Files.write(fleet.dir().resolve("exported-metrics.txt"), exported);

    List<String> expressions = new ArrayList<>();
    JsonNode rules = YAML.readTree(MONITORING.resolve("fleetflow-alerts.yaml").toFile());
    rules
        .path("groups")
        .forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
    JsonNode dashboard = JSON.readTree(MONITORING.resolve("fleetflow-dashboard.json").toFile());
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    assertThat(expressions).hasSizeGreaterThan(10).doesNotContain("");

    for (String expression : expressions) {
      assertThat(PromQlNames.of(expression))
          .as("%s reads only exported metrics (see exported-metrics.txt)", expression)
          .isNotEmpty()
          .isSubsetOf(exported);
    }
  }

  @Test
  @Order(5)
  void aClusterWhoseAgentDiedMovesFromAvailableToUnknown() {
    kubectl.ok(
        "patch",
        "managedcluster",
        CLUSTER,
        "--type=merge",
        "-p",
        "{\"spec\":{\"leaseDurationSeconds\":2}}");
    // The agent renews every 2 s from its next look at its cluster (within its old 60 s lease);
    // until then the hub gives it that old period on top of the new grace. The agent logs the new
    // period once its first renewal at it reached the hub.
    agent.awaitLog("cluster " + CLUSTER + " renews its lease every 2s now", Duration.ofSeconds(90));

    agent.kill9();

    // The per-phase counts are read one after another, so a scrape may count the cluster in both
    // phases for a moment; the move is done when both counts say so.
    PrometheusText lost =
        awaitScrape(
            hubPort,
            h ->
                h.value("fleetflow_managed_clusters", "phase=\"Unknown\"").orElse(0) == 1.0
                    && h.value("fleetflow_managed_clusters", "phase=\"Available\"").orElse(-1)
                        == 0.0);
    assertThat(lost.value("fleetflow_managed_clusters", "phase=\"Available\"")).hasValue(0.0);
    assertThat(lost.value("fleetflow_manifest_works", "phase=\"Available\"")).isPresent();
  }

  private static PrometheusText awaitScrape(
      int port, java.util.function.Predicate<PrometheusText> until) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> PrometheusText.scrape(port, "/actuator/prometheus"), until);
  }

  private static int managementPort(ManagedProcess process) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> findPort(process.log()), p -> p > 0);
  }

  private static int findPort(Path log) throws IOException {
    Matcher m = TOMCAT_PORT.matcher(Files.exists(log) ? Files.readString(log) : "");
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static Optional<InetAddress> nonLoopbackAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp() && !nic.isLoopback()) {
          for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            if (address instanceof Inet4Address) {
              return Optional.of(address);
            }
          }
        }
      }
      return Optional.empty();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
