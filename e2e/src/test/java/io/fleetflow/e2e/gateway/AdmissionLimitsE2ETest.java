package io.fleetflow.e2e.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.RawHttp;
import io.fleetflow.e2e.support.RawHttp.Request;
import io.fleetflow.e2e.support.RawHttp.Response;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.validation.MetadataRules;
import io.fleetflow.model.validation.ObjectLimits;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each of Kubernetes' limits through the real gateway (Tomcat included) on the real dev server, at
 * the limit and just past it: what is at the limit is stored and keeps its workflow running, what
 * is past it is refused with Kubernetes' Status before anything reaches Temporal.
 */
class AdmissionLimitsE2ETest {
  static final String CLUSTERS = "/apis/cluster.open-cluster-management.io/v1/managedclusters";
  static final String WORKS =
      "/apis/work.open-cluster-management.io/v1/namespaces/c1/manifestworks";
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private static Fleet fleet;
  private static RawHttp admin;

  @BeforeAll
  static void startFleet() {
    fleet = Fleet.start("limits");
    admin = fleet.rawGateway("admin");
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aBodyOf3MiBIsReadAndOneByteMoreIsRefusedAtOnce() {
    String object = cluster("body-limit", "{}");
    byte[] atLimit = RequestGenerator.padded(object, ObjectLimits.MAX_REQUEST_BYTES);

    assertThat(post(CLUSTERS, atLimit).status()).isEqualTo(201);

    long started = System.nanoTime();
    Response past =
        post(CLUSTERS, RequestGenerator.padded(cluster("body-past", "{}"), atLimit.length + 1));
    assertStatus(past, 413, "RequestEntityTooLarge");
    Response chunked =
        admin.send(
            new Request("POST", CLUSTERS)
                .body(
                    "application/json",
                    RequestGenerator.padded(cluster("body-chunked", "{}"), 4 << 20))
                .chunked());
    assertStatus(chunked, 413, "RequestEntityTooLarge");
    Response huge = post(CLUSTERS, RequestGenerator.padded(cluster("body-huge", "{}"), 6 << 20));
    assertStatus(huge, 413, "RequestEntityTooLarge");
    // At once: not after Temporal gave up on it (the issue saw a 500 after 20 s, or a 504).
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(get(CLUSTERS + "/body-past").status()).isEqualTo(404);
  }

  @Test
  void aClusterOf1MiBOfLabelsIsStoredAndKeepsItsWorkflowAndOneByteMoreIsTooLarge()
      throws Exception {
    ManagedCluster atLimit = clusterWithLabelsUpTo("labels-limit", ObjectLimits.MAX_OBJECT_BYTES);
    assertThat(ObjectLimits.sizeOf(atLimit)).isEqualTo(ObjectLimits.MAX_OBJECT_BYTES);

    Response created = post(CLUSTERS, JSON.writeValueAsBytes(atLimit));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    Thread.sleep(5_000);
    JsonNode stored = get(CLUSTERS + "/labels-limit").json();
    assertThat(stored.path("metadata").path("labels").size())
        .isGreaterThanOrEqualTo(atLimit.getMetadata().getLabels().size());
    assertWorkflowRunsWithoutFailedTasks("ManagedCluster/labels-limit");

    // A label change of the cluster at the limit, which the issue saw destroy the cluster: two
    // long labels go, a short one comes, so it stays within the limit.
    Map<String, String> change = new HashMap<>();
    change.put(labelKey(0), null);
    change.put(labelKey(1), null);
    change.put("tier", "gold");
    Response patched = patchLabels("labels-limit", change);
    assertThat(patched.status()).as(patched.text()).isEqualTo(200);
    assertThat(patched.json().path("metadata").path("labels").path("tier").asText())
        .isEqualTo("gold");
    // Three long labels more than fit: refused as too large.
    Response grown =
        patchLabels(
            "labels-limit",
            Map.of(
                labelKey(0), "v".repeat(63),
                labelKey(1), "v".repeat(63),
                labelKey(9999), "v".repeat(63)));
    assertStatus(grown, 413, "RequestEntityTooLarge");
    Thread.sleep(3_000);
    assertWorkflowRunsWithoutFailedTasks("ManagedCluster/labels-limit");

    ManagedCluster past = clusterWithLabelsUpTo("labels-past", ObjectLimits.MAX_OBJECT_BYTES + 1);
    assertStatus(post(CLUSTERS, JSON.writeValueAsBytes(past)), 413, "RequestEntityTooLarge");
    assertThat(get(CLUSTERS + "/labels-past").status()).isEqualTo(404);
  }

  @Test
  void nesting100LevelsDeepIsStoredAndListedAnd101IsRefused() {
    assertThat(post(WORKS, work("deep-100", 100)).status()).isEqualTo(201);
    Response refused = post(WORKS, work("deep-101", 101));
    assertStatus(refused, 422, "Invalid");
    assertThat(refused.json().path("details").path("causes").get(0).path("field").asText())
        .startsWith("spec.workload.manifests[0].data");

    Response all = get("/apis/work.open-cluster-management.io/v1/manifestworks");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json()).as("the whole list parses").isNotNull();
    assertThat(all.json().path("items").findValuesAsText("name")).contains("deep-100");
  }

  @Test
  void labelKeysAndValuesAtTheirLimitsAreStoredAndOneCharacterMoreIsInvalid() {
    String name63 = "n".repeat(63);
    String prefix253 = ("p".repeat(62) + ".").repeat(4) + "q".repeat(1);
    assertThat(prefix253).hasSize(253);
    String value63 = "v".repeat(63);

    assertThat(withLabel("label-name-63", name63, "x").status()).isEqualTo(201);
    assertInvalid(withLabel("label-name-64", name63 + "n", "x"), "metadata.labels");
    assertThat(withLabel("label-prefix-253", prefix253 + "/k", "x").status()).isEqualTo(201);
    assertInvalid(withLabel("label-prefix-254", "p" + prefix253 + "/k", "x"), "metadata.labels");
    assertThat(withLabel("label-value-63", "k", value63).status()).isEqualTo(201);
    assertInvalid(withLabel("label-value-64", "k", value63 + "v"), "metadata.labels");
    assertInvalid(withLabel("label-bad-key", "bad key", "x"), "metadata.labels");
    assertInvalid(withLabel("label-bad-value", "k", "-x"), "metadata.labels");
  }

  @Test
  void annotationsOf256KiBAreStoredAndOneByteMoreIsTooLong() {
    String key = "example.com/blob";
    String value = "a".repeat(MetadataRules.MAX_ANNOTATIONS_BYTES - key.length());

    assertThat(withAnnotation("notes-limit", key, value).status()).isEqualTo(201);
    Response past = withAnnotation("notes-past", key, value + "a");
    assertInvalid(past, "metadata.annotations");
    assertThat(past.json().path("details").path("causes").get(0).path("reason").asText())
        .isEqualTo("FieldValueTooLong");
  }

  @Test
  void namesAtTheirLimitsAreStoredAndOneCharacterMoreIsInvalid() {
    assertThat(post(CLUSTERS, cluster("c".repeat(63), "{}")).status()).isEqualTo(201);
    assertInvalid(post(CLUSTERS, cluster("c".repeat(64), "{}")), "metadata.name");
    String subdomain253 = ("w".repeat(62) + ".").repeat(4) + "x";
    assertThat(post(WORKS, workNamed(subdomain253)).status()).isEqualTo(201);
    assertInvalid(post(WORKS, workNamed("w" + subdomain253)), "metadata.name");
  }

  @Test
  void headersOf8KiBAreReadAndOneByteMoreIsA431Status() {
    assertThat(admin.send(headOf(8192)).status()).isEqualTo(200);
    assertStatus(admin.send(headOf(8193)), 431, "RequestHeaderFieldsTooLarge");
  }

  /** A health check whose request line and headers take exactly {@code size} bytes. */
  private static Request headOf(int size) {
    Request request = new Request("GET", "/healthz").header("X-Fill", "");
    int missing = size - admin.head(request).length;
    request.header("X-Fill", "f".repeat(missing));
    assertThat(admin.head(request)).hasSize(size);
    return request;
  }

  private static Response patchLabels(String cluster, Map<String, String> labels) throws Exception {
    Map<String, Object> patch = Map.of("metadata", Map.of("labels", labels));
    return admin.send(
        new Request("PATCH", CLUSTERS + "/" + cluster)
            .body("application/merge-patch+json", new ObjectMapper().writeValueAsBytes(patch)));
  }

  private Response withLabel(String name, String key, String value) {
    return withMetadata(name, "labels", key, value);
  }

  private Response withAnnotation(String name, String key, String value) {
    return withMetadata(name, "annotations", key, value);
  }

  /** Creates a ManagedCluster with one entry in its labels or annotations. */
  private Response withMetadata(String name, String map, String key, String value) {
    return post(
        CLUSTERS,
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "%s", "%s": {"%s": "%s"}}, "spec": {}}
        """
            .formatted(name, map, key, value));
  }

  /**
   * A ManagedCluster of exactly {@code size} bytes as the limit counts them: labels of the longest
   * key and value (about 2,700 for 1 MiB), and an annotation that fills the last bytes.
   */
  private static ManagedCluster clusterWithLabelsUpTo(String name, int size) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName(name);
    Map<String, String> labels = new HashMap<>();
    cluster.getMetadata().setLabels(labels);
    cluster.getMetadata().setAnnotations(new HashMap<>(Map.of("fill", "")));
    labels.put(labelKey(0), "v".repeat(63));
    long one = ObjectLimits.sizeOf(cluster);
    labels.put(labelKey(1), "v".repeat(63));
    long perLabel = ObjectLimits.sizeOf(cluster) - one;
    long whole = (size - ObjectLimits.sizeOf(cluster)) / perLabel;
    for (int i = 2; i < 2 + whole; i++) {
      labels.put(labelKey(i), "v".repeat(63));
    }
    long missing = size - ObjectLimits.sizeOf(cluster);
    cluster.getMetadata().getAnnotations().put("fill", "f".repeat((int) missing));
    return cluster;
  }

  /** A label key of the longest prefix (253) and name (63) Kubernetes allows. */
  private static String labelKey(int i) {
    return "%s%04d.example.com/%s".formatted("p".repeat(237), i, "n".repeat(63));
  }

  private void assertWorkflowRunsWithoutFailedTasks(String workflowId) {
    var client = fleet.temporal();
    assertThat(client.newUntypedWorkflowStub(workflowId).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(client.fetchHistory(workflowId).getEvents().stream().map(HistoryEvent::getEventType))
        .doesNotContain(
            EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  }

  private static Response post(String path, String body) {
    return post(path, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Response post(String path, byte[] body) {
    return admin.send(new Request("POST", path).body("application/json", body));
  }

  private static Response get(String path) {
    return admin.send(new Request("GET", path));
  }

  static void assertStatus(Response response, int code, String reason) {
    assertThat(response.status()).as(response.text()).isEqualTo(code);
    assertThat(response.headers().get("content-type")).startsWith("application/json");
    JsonNode status = response.json();
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("code").asInt()).isEqualTo(code);
    assertThat(status.path("reason").asText()).isEqualTo(reason);
    assertThat(status.path("message").asText()).isNotBlank();
  }

  private static void assertInvalid(Response response, String field) {
    assertStatus(response, 422, "Invalid");
    assertThat(response.json().path("details").path("causes").findValuesAsText("field"))
        .contains(field);
  }

  static String cluster(String name, String spec) {
    return """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "%s"}, "spec": %s}"""
        .formatted(name, spec);
  }

  /** A ManifestWork whose body nests exactly {@code depth} levels at its deepest. */
  private static String work(String name, int depth) {
    // Body, spec, workload, manifests, the manifest and its data are six levels.
    String data = "{\"a\":".repeat(depth - 6) + "{}" + "}".repeat(depth - 6);
    return """
        {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
         "metadata": {"name": "%s"},
         "spec": {"workload": {"manifests": [{"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "%s", "namespace": "default"}, "data": %s}]}}}
        """
        .formatted(name, name, data);
  }

  private static String workNamed(String name) {
    return """
        {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
         "metadata": {"name": "%s"},
         "spec": {"workload": {"manifests": [{"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "x", "namespace": "default"}, "data": {"k": "v"}}]}}}
        """
        .formatted(name);
  }
}
