package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.e2e.support.RawHttp;
import io.fleetflow.e2e.support.RawHttp.Request;
import io.fleetflow.e2e.support.RawHttp.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many people writing the same object at the same moment, through the real gateway on the real dev
 * server: patches of different fields all take effect (each is applied inside the object's workflow
 * to the object as it is then), writes that name the same resourceVersion have exactly one winner
 * and Kubernetes' 409 for everyone else, and of many approvals of one gate exactly one counts.
 */
class ConcurrencyE2ETest {
  private static final String MANAGED_CLUSTERS =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters";
  private static final String WORKS =
      "/apis/work.open-cluster-management.io/v1/namespaces/apps/manifestworks";
  private static final String PLACEMENTS =
      "/apis/cluster.open-cluster-management.io/v1beta1/namespaces/apps/placements";
  private static final String REPLICA_SETS =
      "/apis/work.open-cluster-management.io/v1alpha1/namespaces/apps/manifestworkreplicasets";
  private static final List<String> CLUSTERS = List.of("k1", "k2");
  private static final int WRITERS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.start(
            "concurrency", Placements.AUTO_APPROVE_SIMULATED, CLUSTERS.toArray(String[]::new));
    kubectl = fleet.kubectl();
    Placements.awaitAvailable(kubectl, CLUSTERS, Duration.ofSeconds(120));
    Placements.placeAll(kubectl, "apps", CLUSTERS.size(), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void twentyOperatorsLabellingOneManifestWorkAtOnceAllKeepTheirLabel() throws Exception {
    created(WORKS, work("labelled"));

    List<Response> answers =
        concurrently(i -> () -> mergePatch("operator", WORKS + "/labelled", label(i)));

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(200));
    assertThat(labelsOf(WORKS + "/labelled")).containsAll(expectedLabels());
  }

  @Test
  void kubectlLabelAndMergePatchesOfOnePlacementAtOnceAllTakeEffect() throws Exception {
    created(
        PLACEMENTS,
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1beta1", "kind": "Placement",
         "metadata": {"name": "busy"}, "spec": {}}
        """);

    // Half of the writers are kubectl label (a strategic merge patch), half raw merge patches.
    List<Response> answers =
        concurrently(
            i ->
                () -> {
                  if (i % 2 == 0) {
                    Kubectl.Result labelled =
                        kubectl.run(
                            null, "label", "placement", "busy", "-n", "apps", "w" + i + "=v");
                    return new Response(
                        labelled.exitCode() == 0 ? 200 : 500,
                        Map.of(),
                        labelled.output().getBytes());
                  }
                  return mergePatch("operator", PLACEMENTS + "/busy", label(i));
                });

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(200));
    assertThat(labelsOf(PLACEMENTS + "/busy")).containsAll(expectedLabels());
  }

  @Test
  void anApproversAcceptanceRacingOperatorsLabelsIsRecordedAsTheApprovers() throws Exception {
    // A cluster that asked nobody (created through the API, no agent) waits for a decision.
    created(
        MANAGED_CLUSTERS,
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "raced"}, "spec": {"hubAcceptsClient": false}}
        """);

    List<Response> answers =
        concurrently(
            i ->
                () ->
                    i == WRITERS / 2
                        ? mergePatch(
                            "approver",
                            MANAGED_CLUSTERS + "/raced",
                            Map.of("spec", Map.of("hubAcceptsClient", true)))
                        : mergePatch("operator", MANAGED_CLUSTERS + "/raced", label(i)));

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(200));
    JsonNode cluster = admin().send(new Request("GET", MANAGED_CLUSTERS + "/raced")).json();
    assertThat(cluster.path("spec").path("hubAcceptsClient").asBoolean()).isTrue();
    assertThat(labelsOf(MANAGED_CLUSTERS + "/raced"))
        .containsAll(
            expectedLabels().stream().filter(l -> !l.startsWith("w" + WRITERS / 2 + "=")).toList());
    JsonNode accepted = null;
    for (JsonNode condition : cluster.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("HubAcceptedManagedCluster")) {
        accepted = condition;
      }
    }
    assertThat(accepted).as("the acceptance is recorded").isNotNull();
    assertThat(accepted.path("message").asText())
        .as("under the approver's name, never an operator's")
        .startsWith("Accepted by approver");
  }

  @Test
  void replacementsNamingTheSameResourceVersionHaveOneWinnerAndTheOthersA409() throws Exception {
    created(WORKS, work("contested"));
    JsonNode read = admin().send(new Request("GET", WORKS + "/contested")).json();

    List<Response> answers =
        concurrently(
            i ->
                () -> {
                  ObjectNode mine = read.deepCopy();
                  ((ObjectNode) mine.path("metadata")).putObject("labels").put("winner", "w" + i);
                  return fleet
                      .rawGateway("operator")
                      .send(
                          new Request("PUT", WORKS + "/contested")
                              .body("application/json", JSON.writeValueAsBytes(mine)));
                });

    List<Response> won = answers.stream().filter(r -> r.status() == 200).toList();
    assertThat(won).as("exactly one writer wins").hasSize(1);
    assertThat(answers.stream().filter(r -> r.status() != 200))
        .hasSize(WRITERS - 1)
        .allSatisfy(
            r -> {
              assertThat(r.status()).as(r.text()).isEqualTo(409);
              assertThat(r.json().path("reason").asText()).isEqualTo("Conflict");
              assertThat(r.json().path("message").asText())
                  .contains("the object has been modified")
                  .contains("apply your changes to the latest version and try again");
            });
    String winner = won.get(0).json().path("metadata").path("labels").path("winner").asText();
    assertThat(labelsOf(WORKS + "/contested")).contains("winner=" + winner);

    // A patch that names the (now stale) version it was made from is refused the same way.
    Response stale =
        mergePatch(
            "operator",
            WORKS + "/contested",
            Map.of(
                "metadata",
                Map.of(
                    "resourceVersion",
                    read.path("metadata").path("resourceVersion").asText(),
                    "labels",
                    Map.of("late", "yes"))));
    assertThat(stale.status()).as(stale.text()).isEqualTo(409);
    assertThat(labelsOf(WORKS + "/contested")).doesNotContain("late=yes");
  }

  @Test
  void ofTwentyApprovalsOfOneWaitingGateExactlyOneCounts() throws Exception {
    kubectl
        .run(
            RolloutE2ETest.replicaSet(
                "raced",
                "all",
                "r1",
                "{type: Progressive, progressive: {maxConcurrency: 1}}",
                "approvalGates: {beforeFirstStage: true}"),
            "apply",
            "-f",
            "-")
        .ok();
    await("the rollout waits for approval")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .ok(
                        "get",
                        "mwrs",
                        "raced",
                        "-n",
                        "apps",
                        "-o",
                        "jsonpath={.status.rollout.phase}")
                    .equals("WaitingForApproval"));

    List<Response> answers =
        concurrently(
            i ->
                () ->
                    fleet
                        .rawGateway("approver")
                        .send(
                            new Request("POST", REPLICA_SETS + "/raced/approve")
                                .body(
                                    "application/json", "{\"comment\": \"approval " + i + "\"}")));

    assertThat(answers.stream().filter(r -> r.status() == 200))
        .as("one approval counts")
        .hasSize(1);
    assertThat(answers.stream().filter(r -> r.status() != 200))
        .allSatisfy(
            r -> {
              assertThat(r.status()).as(r.text()).isEqualTo(409);
              assertThat(r.json().path("message").asText()).contains("no approval gate is waiting");
            });
    String history = fleet.launcher("viewer", "rollout", "history", "raced", "-n", "apps").ok();
    assertThat(history.split("approved by approver", -1)).as(history).hasSize(2);
  }

  /** Runs {@value #WRITERS} writers released at the same moment and returns their answers. */
  private static List<Response> concurrently(IntFunction<Callable<Response>> writer)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        Callable<Response> one = writer.apply(i);
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return one.call();
                }));
      }
      start.countDown();
      List<Response> all = new ArrayList<>();
      for (Future<Response> answer : answers) {
        all.add(answer.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Response mergePatch(String role, String path, Object patch) throws Exception {
    return fleet
        .rawGateway(role)
        .send(
            new Request("PATCH", path)
                .body("application/merge-patch+json", JSON.writeValueAsBytes(patch)));
  }

  private static Map<String, Object> label(int i) {
    return Map.of("metadata", Map.of("labels", Map.of("w" + i, "v")));
  }

  private static List<String> expectedLabels() {
    return IntStream.range(0, WRITERS).mapToObj(i -> "w" + i + "=v").toList();
  }

  private static List<String> labelsOf(String path) {
    JsonNode labels = admin().send(new Request("GET", path)).json().path("metadata").path("labels");
    List<String> all = new ArrayList<>();
    labels.fields().forEachRemaining(e -> all.add(e.getKey() + "=" + e.getValue().asText()));
    return all;
  }

  private static void created(String collection, String object) {
    Response created =
        admin().send(new Request("POST", collection).body("application/json", object));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static RawHttp admin() {
    return fleet.rawGateway("admin");
  }

  private static String work(String name) {
    return """
        {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
         "metadata": {"name": "%s"},
         "spec": {"workload": {"manifests": [
           {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "%s", "namespace": "default"}, "data": {"k": "v"}}]}}}
        """
        .formatted(name, name);
  }
}
