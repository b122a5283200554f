package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Lists and watches served from the gateway's watch cache, as Kubernetes clients use them: {@code
 * kubectl wait --for=delete} twenty times in a row while another client churns; a watch from a
 * list's resourceVersion gets exactly the changes since, and one from too long ago gets 410
 * Expired; a second gateway shows the same objects and sees a change made through the first within
 * a second; a gateway with open watches stops within five seconds of SIGTERM; a watch of one object
 * from its get's resourceVersion gets the changes after it; and a fabric8 informer holds what the
 * gateway lists through churn.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatchCacheE2ETest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SETS =
      "/apis/cluster.open-cluster-management.io/v1beta2/managedclustersets";

  /** Watches hold a thread each for their whole life; the common pool has one on two cores. */
  private static final java.util.concurrent.ExecutorService WATCHERS =
      java.util.concurrent.Executors.newCachedThreadPool();

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static Fleet.Gateway second;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet = Fleet.start("watch-cache");
    kubectl = fleet.kubectl();
    // The cache lists once at start; a list answered from it carries a feed position.
    await("the gateway's cache is synced")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> fleet.gatewayLog().contains("the watch cache listed every kind"));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void kubectlWaitForDeleteSeesEveryDeleteTwentyTimesInARowWhileAnotherClientChurns()
      throws Exception {
    AtomicBoolean churning = new AtomicBoolean(true);
    CompletableFuture<Void> churn =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; churning.get(); i++) {
                kubectl.run(set("churn-" + (i % 5)), "apply", "-f", "-");
                kubectl.run(null, "delete", "managedclusterset", "churn-" + ((i + 2) % 5));
              }
            },
            WATCHERS);
    try {
      for (int i = 0; i < 20; i++) {
        String name = "gone-" + i;
        kubectl.run(set(name), "apply", "-f", "-").ok();
        Process wait =
            new ProcessBuilder(
                    "kubectl",
                    "--kubeconfig",
                    fleet.dir().resolve("kubeconfig").toString(),
                    "wait",
                    "--for=delete",
                    "managedclusterset/" + name,
                    "--timeout=60s")
                .redirectErrorStream(true)
                .start();
        // kubectl wait lists first and then watches from the list's resourceVersion.
        Thread.sleep(300);
        kubectl.ok("delete", "managedclusterset", name, "--wait=false");
        assertThat(wait.waitFor(60, TimeUnit.SECONDS)).as("kubectl wait ended").isTrue();
        String output = new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(wait.exitValue()).as("round %d: %s", i, output).isZero();
      }
    } finally {
      churning.set(false);
      churn.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(2)
  void aWatchFromAListsResourceVersionGetsExactlyTheChangesSinceAndATooOldOneIsExpired() {
    RawHttp gateway = fleet.rawGateway("admin");
    String listed = get(gateway, SETS).json().at("/metadata/resourceVersion").asText();
    assertThat(Long.parseLong(listed)).isPositive();

    kubectl.run(set("resume-a"), "apply", "-f", "-").ok();
    kubectl.ok("label", "managedclusterset", "resume-a", "tier=gold");
    kubectl.ok("delete", "managedclusterset", "resume-a");

    List<JsonNode> events =
        events(
            get(
                gateway,
                SETS
                    + "?watch=1&timeoutSeconds=2&fieldSelector=metadata.name%3Dresume-a"
                    + "&resourceVersion="
                    + listed));
    assertThat(events)
        .extracting(e -> e.path("type").asText())
        .startsWith("ADDED")
        .endsWith("DELETED");
    assertThat(events.stream().filter(e -> e.path("type").asText().equals("MODIFIED")))
        .anySatisfy(
            e -> assertThat(e.at("/object/metadata/labels/tier").asText()).isEqualTo("gold"));
    List<Long> versions =
        events.stream()
            .filter(e -> !e.path("type").asText().equals("DELETED"))
            .map(e -> e.at("/object/metadata/resourceVersion").asLong())
            .toList();
    assertThat(versions).as("no event twice").doesNotHaveDuplicates().isSorted();

    List<JsonNode> expired =
        events(get(gateway, SETS + "?watch=1&timeoutSeconds=2&resourceVersion=1"));
    assertThat(expired)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("type").asText()).isEqualTo("ERROR");
              assertThat(e.at("/object/code").asInt()).isEqualTo(410);
              assertThat(e.at("/object/reason").asText()).isEqualTo("Expired");
            });
  }

  @Test
  @Order(3)
  void aSecondGatewayShowsTheSameObjectsAndSeesAChangeMadeThroughTheFirstWithinASecond()
      throws Exception {
    second = fleet.startGateway("gateway-2");
    await("the second gateway's cache is synced")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                java.nio.file.Files.readString(second.process().log())
                    .contains("the watch cache listed every kind"));
    assertThat(names(get(second.admin(), SETS)))
        .isEqualTo(names(get(fleet.rawGateway("admin"), SETS)));

    CompletableFuture<RawHttp.Response> watch =
        CompletableFuture.supplyAsync(
            () ->
                get(
                    second.admin(),
                    SETS + "?watch=1&timeoutSeconds=4&fieldSelector=metadata.name%3Dtwo-gateways"),
            WATCHERS);
    Thread.sleep(500);
    kubectl.run(set("two-gateways"), "apply", "-f", "-").ok();
    long created = System.nanoTime();
    await("the second gateway lists the set made through the first")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> names(get(second.admin(), SETS)).contains("two-gateways"));
    assertThat(Duration.ofNanos(System.nanoTime() - created))
        .as("from the write's answer on one gateway to the other's list")
        .isLessThan(Duration.ofSeconds(1));
    assertThat(events(watch.get(30, TimeUnit.SECONDS)))
        .extracting(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
        .contains("ADDED two-gateways");
  }

  @Test
  @Order(4)
  void aGatewayWithOpenWatchesStopsWithinFiveSecondsOfSigterm() throws Exception {
    List<CompletableFuture<RawHttp.Response>> watches = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      watches.add(
          CompletableFuture.supplyAsync(
              () -> get(second.admin(), SETS + "?watch=1&timeoutSeconds=120"), WATCHERS));
    }
    Thread.sleep(1_000);

    long stopping = System.nanoTime();
    second.process().close();
    Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);

    assertThat(stopped).isLessThan(Duration.ofSeconds(5));
    for (CompletableFuture<RawHttp.Response> watch : watches) {
      assertThat(watch.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
  }

  @Test
  @Order(5)
  void aWatchOfOneObjectFromTheVersionItsGetShowedGetsTheChangesAfterIt() {
    RawHttp gateway = fleet.rawGateway("admin");
    kubectl.run(set("from-get"), "apply", "-f", "-").ok();
    String version =
        get(gateway, SETS + "/from-get").json().at("/metadata/resourceVersion").asText();
    kubectl.ok("label", "managedclusterset", "from-get", "tier=silver");

    // What fabric8's withName(..).withResourceVersion(..).watch() and kubectl send.
    List<JsonNode> events =
        events(
            get(
                gateway,
                SETS
                    + "?watch=1&timeoutSeconds=2&fieldSelector=metadata.name%3Dfrom-get"
                    + "&resourceVersion="
                    + version));

    // The set's own status may have moved after the get, before the label: each change after the
    // get's version comes once, in order, and nothing from before it.
    assertThat(events).isNotEmpty().allMatch(e -> e.path("type").asText().equals("MODIFIED"));
    List<Long> versions =
        events.stream().map(e -> e.at("/object/metadata/resourceVersion").asLong()).toList();
    assertThat(versions)
        .doesNotHaveDuplicates()
        .isSorted()
        .allMatch(v -> v > Long.parseLong(version));
    assertThat(events.getLast().at("/object/metadata/labels/tier").asText()).isEqualTo("silver");
  }

  @Test
  @Order(6)
  void aFabric8InformerHoldsWhatTheGatewayListsThroughChurnAndSeesEachDeleteOnce()
      throws Exception {
    Map<String, Integer> deletes = new ConcurrentHashMap<>();
    try (KubernetesClient client = fleet.gatewayClient(true);
        SharedIndexInformer<GenericKubernetesResource> informer =
            client
                .genericKubernetesResources(
                    "cluster.open-cluster-management.io/v1beta2", "ManagedClusterSet")
                .inform(
                    new ResourceEventHandler<>() {
                      @Override
                      public void onAdd(GenericKubernetesResource set) {}

                      @Override
                      public void onUpdate(
                          GenericKubernetesResource before, GenericKubernetesResource after) {}

                      @Override
                      public void onDelete(GenericKubernetesResource set, boolean unknown) {
                        deletes.merge(set.getMetadata().getName(), 1, Integer::sum);
                      }
                    })) {
      for (int i = 0; i < 15; i++) {
        kubectl.run(set("informed-" + i), "apply", "-f", "-").ok();
        kubectl.ok("label", "managedclusterset", "informed-" + i, "round=" + i);
        if (i % 3 == 0) {
          kubectl.ok("delete", "managedclusterset", "informed-" + i);
        }
      }

      await("the informer holds what the gateway lists")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  informer.getStore().list().stream()
                      .map(o -> o.getMetadata().getName())
                      .sorted()
                      .toList()
                      .equals(
                          names(get(fleet.rawGateway("admin"), SETS)).stream().sorted().toList()));
      assertThat(informer.getStore().getByKey("informed-14").getMetadata().getLabels())
          .containsEntry("round", "14");
      assertThat(deletes)
          .containsOnlyKeys("informed-0", "informed-3", "informed-6", "informed-9", "informed-12")
          .allSatisfy((name, times) -> assertThat(times).as(name).isEqualTo(1));
    }
  }

  private static RawHttp.Response get(RawHttp gateway, String target) {
    RawHttp.Response response = gateway.send(new RawHttp.Request("GET", target));
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response;
  }

  private static List<JsonNode> events(RawHttp.Response response) {
    List<JsonNode> events = new ArrayList<>();
    for (String line : response.text().split("\n")) {
      if (!line.isBlank()) {
        try {
          events.add(JSON.readTree(line));
        } catch (java.io.IOException e) {
          throw new AssertionError("not a watch event: " + line, e);
        }
      }
    }
    return events;
  }

  private static List<String> names(RawHttp.Response list) {
    List<String> names = new ArrayList<>();
    list.json().path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }

  private static String set(String name) {
    return """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSet
        metadata: {name: %s}
        spec: {clusterSelector: {selectorType: ExclusiveClusterSetLabel}}
        """
        .formatted(name);
  }
}
