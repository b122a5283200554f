package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated cluster is a Kubernetes-style API on a loopback port that kubectl can talk to. */
class SimulatedClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SimulatedCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start("sim1");
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Nested
  class CountsWrites {
    @Test
    void eachCreationReplacementAndDeletionCountsForTheObject() {
      var configMaps = cluster.client().configMaps().inNamespace("default");
      configMaps
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("counted")
                  .endMetadata()
                  .addToData("a", "1")
                  .build())
          .create();
      configMaps
          .withName("counted")
          .edit(cm -> new ConfigMapBuilder(cm).addToData("b", "2").build());
      configMaps.withName("counted").delete();

      String path = "/api/v1/namespaces/default/configmaps/counted";
      assertThat(cluster.writes("POST", path)).isEqualTo(1);
      assertThat(cluster.writes("PUT", path) + cluster.writes("PATCH", path)).isEqualTo(1);
      assertThat(cluster.writes("DELETE", path)).isEqualTo(1);
      assertThat(cluster.writes("POST", "/api/v1/namespaces/default/configmaps/other")).isZero();
    }

    @Test
    void aWriteTheApiRefusedChangedNothingAndIsNotCounted() {
      var configMaps = cluster.client().configMaps().inNamespace("default");
      ConfigMap once =
          new ConfigMapBuilder().withNewMetadata().withName("once").endMetadata().build();
      configMaps.resource(once).create();

      assertThatThrownBy(() -> configMaps.resource(once).create())
          .isInstanceOf(KubernetesClientException.class)
          .extracting(e -> ((KubernetesClientException) e).getCode())
          .isEqualTo(409);

      assertThat(cluster.writes("POST", "/api/v1/namespaces/default/configmaps/once")).isEqualTo(1);
    }

    @Test
    void aCountedCreationStillCreatesTheObject() {
      cluster
          .client()
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("kept")
                  .endMetadata()
                  .addToData("a", "1")
                  .build())
          .create();

      assertThat(
              cluster.client().configMaps().inNamespace("default").withName("kept").get().getData())
          .containsEntry("a", "1");
    }

    @Test
    void servesItsCountsToClientsOfOtherProcesses() throws Exception {
      cluster
          .client()
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("served")
                  .endMetadata()
                  .addToData("a", "1")
                  .build())
          .create();
      cluster.client().configMaps().inNamespace("default").withName("served").delete();

      HttpResponse<String> response = get(SimulatedCluster.writesPath());

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode counts = JSON.readTree(response.body());
      assertThat(counts.path("POST /api/v1/namespaces/default/configmaps/served").asInt())
          .isEqualTo(1);
      assertThat(counts.path("DELETE /api/v1/namespaces/default/configmaps/served").asInt())
          .isEqualTo(1);
    }
  }

  @Nested
  class ServesTheEndpointsAnApiServerHas {
    @Test
    void itsUrlIsAPlainHttpLoopbackAddress() {
      assertThat(cluster.url()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void version() throws Exception {
      HttpResponse<String> response = get("/version");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode version = JSON.readTree(response.body());
      assertThat(version.path("gitVersion").asText())
          .isEqualTo(SimulatedCluster.KUBERNETES_VERSION);
      assertThat(version.path("major").asText()).isEqualTo("1");
      assertThat(version.path("minor").asText()).isEqualTo("32");
      assertThat(cluster.client().getKubernetesVersion().getGitVersion())
          .isEqualTo(SimulatedCluster.KUBERNETES_VERSION);
    }

    @Test
    void healthEndpointsAnswerOk() throws Exception {
      for (String path : List.of("/livez", "/healthz", "/readyz", "/livez?verbose")) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.body()).as(path).isEqualTo("ok");
      }
      assertThat(cluster.client().raw("/livez")).isEqualTo("ok");
    }

    @Test
    void theRootListsThePathsItServes() throws Exception {
      assertThat(texts(json("/").path("paths")))
          .contains("/api", "/apis", "/version", "/api/v1", "/apis/apps/v1");
    }

    @Test
    void coreApiVersions() throws Exception {
      JsonNode api = json("/api");

      assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
      assertThat(texts(api.path("versions"))).containsExactly("v1");
    }

    @Test
    void apiGroups() throws Exception {
      JsonNode apis = json("/apis");

      assertThat(apis.path("kind").asText()).isEqualTo("APIGroupList");
      List<String> names = new ArrayList<>();
      apis.path("groups").forEach(g -> names.add(g.path("name").asText()));
      assertThat(names).contains("apps", "batch", "rbac.authorization.k8s.io");
      apis.path("groups")
          .forEach(
              g ->
                  assertThat(g.path("preferredVersion").path("groupVersion").asText())
                      .startsWith(g.path("name").asText() + "/"));
    }

    @Test
    void coreResources() throws Exception {
      JsonNode v1 = json("/api/v1");

      assertThat(v1.path("kind").asText()).isEqualTo("APIResourceList");
      assertThat(v1.path("groupVersion").asText()).isEqualTo("v1");
      JsonNode namespaces = resource(v1, "namespaces");
      assertThat(namespaces.path("kind").asText()).isEqualTo("Namespace");
      assertThat(namespaces.path("namespaced").asBoolean()).isFalse();
      assertThat(texts(namespaces.path("shortNames"))).containsExactly("ns");
      JsonNode configMaps = resource(v1, "configmaps");
      assertThat(configMaps.path("kind").asText()).isEqualTo("ConfigMap");
      assertThat(configMaps.path("namespaced").asBoolean()).isTrue();
      assertThat(texts(configMaps.path("shortNames"))).containsExactly("cm");
      assertThat(texts(configMaps.path("verbs")))
          .contains("get", "list", "create", "update", "delete", "watch");
    }

    @Test
    void groupResources() throws Exception {
      JsonNode apps = json("/apis/apps/v1");

      assertThat(apps.path("groupVersion").asText()).isEqualTo("apps/v1");
      assertThat(texts(resource(apps, "deployments").path("shortNames"))).containsExactly("deploy");
    }
  }

  @Nested
  class StartsLikeAFreshCluster {
    @Test
    void withTheDefaultNamespaces() {
      List<String> names =
          cluster.client().namespaces().list().getItems().stream()
              .map(ns -> ns.getMetadata().getName())
              .toList();

      assertThat(names).containsExactlyInAnyOrder("default", "kube-system", "kube-public");
    }

    @Test
    void withANodeThatHasCapacity() {
      List<Node> nodes = cluster.client().nodes().list().getItems();

      assertThat(nodes).hasSize(1);
      Node node = nodes.get(0);
      assertThat(node.getMetadata().getName()).isEqualTo("sim1-node-1");
      assertThat(node.getStatus().getCapacity())
          .containsEntry("cpu", new Quantity("4"))
          .containsEntry("memory", new Quantity("16Gi"))
          .containsEntry("pods", new Quantity("110"));
      assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
    }

    @Test
    void twoClustersHaveDifferentKubeSystemUids() {
      try (SimulatedCluster other = SimulatedCluster.start("sim2")) {
        String mine = kubeSystem(cluster).getMetadata().getUid();
        String theirs = kubeSystem(other).getMetadata().getUid();

        assertThat(mine).isNotBlank();
        assertThat(theirs).isNotBlank().isNotEqualTo(mine);
      }
    }

    @Test
    void theKubeSystemUidIsRandomSoClustersInDifferentProcessesDiffer() {
      UUID uid = UUID.fromString(kubeSystem(cluster).getMetadata().getUid());

      assertThat(uid.version()).isEqualTo(4);
    }

    @Test
    void keepsWhatIsWrittenToIt() {
      cluster
          .client()
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings")
                  .endMetadata()
                  .addToData("color", "blue")
                  .build())
          .create();

      assertThat(
              cluster
                  .client()
                  .configMaps()
                  .inNamespace("default")
                  .withName("settings")
                  .get()
                  .getData())
          .isEqualTo(Map.of("color", "blue"));
    }
  }

  @Nested
  class SharesItsThreadsWithTheOtherClustersOfTheJvm {
    @Test
    void twentyMoreClustersServingTheirAgentsClientsAddFewerThanAThreadEach() {
      List<SimulatedCluster> more = new ArrayList<>();
      try {
        // One cluster of each kind has already started the shared event loops.
        int before = Thread.activeCount();
        for (int i = 0; i < 20; i++) {
          SimulatedCluster started = SimulatedCluster.start("shared" + i);
          more.add(started);
          assertThat(started.client().namespaces().list().getItems()).hasSize(3);
        }

        assertThat(Thread.activeCount() - before).isLessThan(20);
      } finally {
        more.forEach(SimulatedCluster::close);
      }
    }

    @Test
    void aWriteMadeToWaitHoldsUpNoOtherCluster() throws Exception {
      SimulatedCluster slow = SimulatedCluster.start("slow");
      try {
        slow.delayWrites(Duration.ofSeconds(3));
        var write =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () ->
                    slow.client()
                        .configMaps()
                        .inNamespace("default")
                        .resource(
                            new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("late")
                                .endMetadata()
                                .build())
                        .create());

        // The other cluster answers reads and writes while the slow one's write waits.
        for (int i = 0; i < 5; i++) {
          cluster
              .client()
              .configMaps()
              .inNamespace("default")
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("quick" + i)
                      .endMetadata()
                      .build())
              .create();
        }
        assertThat(write).isNotDone();

        assertThat(write.get(30, TimeUnit.SECONDS).getMetadata().getName()).isEqualTo("late");
        assertThat(slow.writes("POST", "/api/v1/namespaces/default/configmaps/late")).isEqualTo(1);
      } finally {
        slow.close();
      }
    }
  }

  @Nested
  class WritesAKubeconfig {
    @TempDir Path stateDir;

    @Test
    void namedAfterTheClusterAndPointingAtItsUrl() throws IOException {
      Path file = cluster.writeKubeconfig(stateDir.resolve("clusters"));

      assertThat(file).isEqualTo(stateDir.resolve("clusters").resolve("sim1.kubeconfig"));
      String kubeconfig = Files.readString(file);
      assertThat(kubeconfig).contains("server: " + cluster.url());
      assertThat(kubeconfig).contains("current-context: sim1");
    }

    @Test
    void thatFabric8CanUse() throws IOException {
      Path file = cluster.writeKubeconfig(stateDir);

      Config config = Config.fromKubeconfig(Files.readString(file));
      assertThat(config.getMasterUrl()).startsWith(cluster.url());
      assertThat(config.getNamespace()).isEqualTo("default");
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        assertThat(client.namespaces().list().getItems())
            .extracting(ns -> ns.getMetadata().getName())
            .contains("default", "kube-system", "kube-public");
      }
    }

    @Test
    void thatKubectlCanUse() throws Exception {
      Path kubectl = onPath("kubectl");
      assumeTrue(kubectl != null, "kubectl is not on PATH");
      cluster
          .client()
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("from-fabric8")
                  .endMetadata()
                  .addToData("k", "v")
                  .build())
          .create();
      Path file = cluster.writeKubeconfig(stateDir);

      Process process =
          new ProcessBuilder(
                  kubectl.toString(),
                  "--kubeconfig",
                  file.toString(),
                  "get",
                  "configmaps",
                  "-n",
                  "default",
                  "-o",
                  "name")
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output.lines()).contains("configmap/from-fabric8");
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(cluster.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  private static JsonNode resource(JsonNode resourceList, String plural) {
    for (JsonNode r : resourceList.path("resources")) {
      if (plural.equals(r.path("name").asText())) {
        return r;
      }
    }
    throw new AssertionError(plural + " is not in " + resourceList);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Namespace kubeSystem(SimulatedCluster c) {
    return c.client().namespaces().withName("kube-system").get();
  }

  private static Path onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    return Stream.of(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }
}
