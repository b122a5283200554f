package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.VisibilityWaits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Takeover and release on real processes, checked on the simulated clusters' own API servers: the
 * default profile is installed on acceptance, a profile change rolls out, deletion removes the
 * ManifestWorks by cleanup priority and then the takeover resources in reverse order, and a cluster
 * whose agent is gone waits until an operator forces its removal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TakeoverE2ETest {
  private static final String AGENT_NS = "open-cluster-management-agent";
  private static final String ADDON_NS = "open-cluster-management-agent-addon";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static KubernetesClient cluster1;
  private static final Map<String, String> resourceVersions = new LinkedHashMap<>();

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the scenario");
    fleet = Fleet.start("takeover", "cluster1");
    kubectl = fleet.kubectl();
  }

  @AfterAll
  static void stopFleet() {
    if (cluster1 != null) {
      cluster1.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void anAcceptedClusterGetsTheDefaultProfileOnItsOwnApiServer() {
    accept("cluster1");
    awaitCondition("cluster1", "fleetflow.io/TakenOver", "True", Duration.ofSeconds(180));
    cluster1 = fleet.clusterClient("cluster1", "state");

    Map<String, HasMetadata> installed = defaultResources(cluster1);
    assertThat(installed).hasSize(12).doesNotContainValue(null);
    installed.forEach(
        (key, object) -> {
          assertThat(object.getMetadata().getLabels())
              .as(key)
              .containsEntry("app.kubernetes.io/managed-by", "fleetflow-takeover");
          resourceVersions.put(key, object.getMetadata().getResourceVersion());
        });
    assertThat(kubectl.ok("get", "clustertakeoverprofiles")).contains("default");
    assertThat(condition("cluster1", "fleetflow.io/TakenOver", "message")).contains("12 resources");
  }

  @Test
  @Order(2)
  void aProfileChangeRollsOutAndLeavesUnchangedResourcesUntouched() throws Exception {
    ObjectNode profile =
        (ObjectNode)
            JSON.readTree(kubectl.ok("get", "clustertakeoverprofile", "default", "-o", "json"));
    ArrayNode resources = (ArrayNode) profile.at("/spec/resources");
    for (int i = resources.size() - 1; i >= 0; i--) {
      JsonNode r = resources.get(i);
      String name = r.at("/metadata/name").asText();
      if (name.equals("addon-defaults")) {
        resources.remove(i);
      } else if (name.equals("fleetflow-hub") && r.path("kind").asText().equals("ConfigMap")) {
        ((ObjectNode) r.get("data")).put("managedBy", "fleetflow-v2");
      }
    }
    resources
        .addObject()
        .put("apiVersion", "v1")
        .put("kind", "ConfigMap")
        .set(
            "metadata",
            JSON.createObjectNode().put("name", "rollout-check").put("namespace", AGENT_NS));
    kubectl.run(JSON.writeValueAsString(profile), "replace", "-f", "-").ok();

    await("the profile change reaches cluster1")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                cluster1.configMaps().inNamespace(ADDON_NS).withName("addon-defaults").get() == null
                    && cluster1.configMaps().inNamespace(AGENT_NS).withName("rollout-check").get()
                        != null
                    && "fleetflow-v2"
                        .equals(
                            cluster1
                                .configMaps()
                                .inNamespace(AGENT_NS)
                                .withName("fleetflow-hub")
                                .get()
                                .getData()
                                .get("managedBy")));
    awaitCondition("cluster1", "fleetflow.io/TakenOver", "True", Duration.ofSeconds(60));
    assertThat(condition("cluster1", "fleetflow.io/TakenOver", "message")).contains("generation 2");

    Map<String, HasMetadata> after = defaultResources(cluster1);
    for (String unchanged :
        List.of(
            "Namespace " + AGENT_NS,
            "ClusterRole fleetflow-agent",
            "ServiceAccount " + AGENT_NS + "/fleetflow-agent",
            "CustomResourceDefinition appliedmanifestworks.work.open-cluster-management.io")) {
      assertThat(after.get(unchanged).getMetadata().getResourceVersion())
          .as("%s is not written again", unchanged)
          .isEqualTo(resourceVersions.get(unchanged));
    }
  }

  @Test
  @Order(3)
  void deletionRemovesManifestWorksByCleanupPriorityThenTakeoverResourcesInReverse() {
    kubectl.run(work("late", "50"), "apply", "-f", "-").ok();
    kubectl.run(work("early", "10"), "apply", "-f", "-").ok();
    await("both works applied on cluster1")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                cluster1.configMaps().inNamespace("app-early").withName("payload").get() != null
                    && cluster1.configMaps().inNamespace("app-late").withName("payload").get()
                        != null);
    String uid = kubectl.ok("get", "managedcluster", "cluster1", "-o", "jsonpath={.metadata.uid}");
    Map<String, Function<KubernetesClient, HasMetadata>> watched = new LinkedHashMap<>();
    watched.put(
        "work early", c -> c.configMaps().inNamespace("app-early").withName("payload").get());
    watched.put("work late", c -> c.configMaps().inNamespace("app-late").withName("payload").get());
    watched.put(
        "ConfigMap rollout-check",
        c -> c.configMaps().inNamespace(AGENT_NS).withName("rollout-check").get());
    watched.put(
        "ClusterRole fleetflow-agent",
        c -> c.rbac().clusterRoles().withName("fleetflow-agent").get());
    watched.put("Namespace " + AGENT_NS, c -> c.namespaces().withName(AGENT_NS).get());
    Map<String, Long> goneAt = new ConcurrentHashMap<>();

    kubectl.ok("delete", "managedcluster", "cluster1", "--wait=false");
    await("everything removed from cluster1")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              long now = System.nanoTime();
              watched.forEach(
                  (name, read) -> {
                    if (!goneAt.containsKey(name) && read.apply(cluster1) == null) {
                      goneAt.put(name, now);
                    }
                  });
              return goneAt.size() == watched.size();
            });

    List<String> order =
        watched.keySet().stream()
            .sorted((a, b) -> Long.compare(goneAt.get(a), goneAt.get(b)))
            .toList();
    assertThat(order).containsExactlyElementsOf(watched.keySet());
    assertThat(goneAt.get("work early")).isLessThan(goneAt.get("work late"));
    assertThat(goneAt.get("work late")).isLessThan(goneAt.get("ConfigMap rollout-check"));
    assertThat(defaultResources(cluster1).values()).containsOnlyNulls();
    await("the ManagedCluster disappears after its cleanup")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var got =
                  kubectl.run(
                      null, "get", "managedcluster", "cluster1", "-o", "jsonpath={.metadata.uid}");
              return got.exitCode() != 0 || !got.output().equals(uid);
            });
  }

  @Test
  @Order(4)
  void aClusterWhoseAgentIsGoneWaitsUntilAnOperatorForcesItsRemoval() {
    ManagedProcess agent = fleet.startAgent("cluster2", "state2");
    await("cluster2 asks to join")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> kubectl.run(null, "get", "managedcluster", "cluster2").exitCode() == 0);
    accept("cluster2");
    awaitCondition("cluster2", "fleetflow.io/TakenOver", "True", Duration.ofSeconds(180));
    kubectl
        .run(
            work("web", "20").replace("namespace: cluster1", "namespace: cluster2"),
            "apply",
            "-f",
            "-")
        .ok();
    kubectl.awaitOutput(
        "the work is applied on cluster2",
        Duration.ofSeconds(90),
        "True",
        "get",
        "manifestwork",
        "web",
        "-n",
        "cluster2",
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"Applied\")].status}");

    agent.kill9();
    kubectl.ok("delete", "managedcluster", "cluster2", "--wait=false");
    await("the release waits for the unreachable cluster, saying so")
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                condition("cluster2", "Deleting", "message")
                    .contains("waiting for web to remove their resources"));
    assertThat(condition("cluster2", "Deleting", "reason")).isEqualTo("ResourceRemaining");

    kubectl.ok(
        "annotate", "managedcluster", "cluster2", "fleetflow.io/force-release=the VM was deleted");
    // The work ends once its pending delete gave up on the dead agent (60 s pickup timeout).
    await("cluster2 is removed")
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> kubectl.run(null, "get", "managedcluster", "cluster2").exitCode() != 0);

    var temporal = fleet.temporal();
    JsonNode release =
        temporal
            .newUntypedWorkflowStub("ManagedCluster/cluster2/release")
            .getResult(JsonNode.class);
    assertThat(release.path("failure").asText()).isEqualTo("the VM was deleted");
    assertThat(release.path("orphaned")).hasSize(13);
    assertThat(release.path("orphaned").toString())
        .contains("ClusterRole fleetflow-agent")
        .contains("ManifestWork cluster2/web");
    // The work stopped retrying the dead cluster: it ended, saying why it left its resources.
    VisibilityWaits.until(
        temporal,
        "the work on the dead cluster has ended",
        "FleetflowKind = 'ManifestWork' AND FleetflowCluster = 'cluster2'"
            + " AND ExecutionStatus = 'Running'",
        List::isEmpty);
    JsonNode work =
        temporal.newUntypedWorkflowStub("ManifestWork/cluster2/web").query("get", JsonNode.class);
    assertThat(work.path("status").path("conditions").toString())
        .contains("ResourcesOrphaned")
        .contains("force-released (the VM was deleted)")
        .contains("ConfigMap app-web/payload");
    JsonNode events =
        temporal.newUntypedWorkflowStub("ManagedCluster/cluster2").query("events", JsonNode.class);
    assertThat(events.toString())
        .contains("ReleaseForced")
        .contains("admin forced the release")
        .contains("the VM was deleted");
  }

  private static void accept(String name) {
    await(name + " listed")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> kubectl.run(null, "get", "managedcluster", name).exitCode() == 0);
    kubectl.ok(
        "patch",
        "managedcluster",
        name,
        "--type=merge",
        "-p",
        "{\"spec\":{\"hubAcceptsClient\":true}}");
  }

  private static void awaitCondition(String cluster, String type, String status, Duration timeout) {
    await(cluster + " " + type + "=" + status)
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> status.equals(condition(cluster, type, "status")));
  }

  private static String condition(String cluster, String type, String field) {
    return kubectl.condition("managedcluster", cluster, type, field);
  }

  private static String work(String name, String priority) {
    return """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata:
          name: %1$s
          namespace: cluster1
          annotations:
            open-cluster-management.io/cleanup-priority: "%2$s"
        spec:
          workload:
            manifests:
              - apiVersion: v1
                kind: Namespace
                metadata: {name: app-%1$s}
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: payload, namespace: app-%1$s}
                data: {priority: "%2$s"}
        """
        .formatted(name, priority);
  }

  /** The default profile's twelve resources as the cluster has them (null where missing). */
  private static Map<String, HasMetadata> defaultResources(KubernetesClient c) {
    Map<String, HasMetadata> out = new LinkedHashMap<>();
    out.put("Namespace " + AGENT_NS, c.namespaces().withName(AGENT_NS).get());
    out.put("Namespace " + ADDON_NS, c.namespaces().withName(ADDON_NS).get());
    out.put(
        "CustomResourceDefinition appliedmanifestworks.work.open-cluster-management.io",
        c.apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("appliedmanifestworks.work.open-cluster-management.io")
            .get());
    out.put(
        "PriorityClass fleetflow-agent-critical",
        c.scheduling().v1().priorityClasses().withName("fleetflow-agent-critical").get());
    out.put(
        "ClusterRole fleetflow-agent", c.rbac().clusterRoles().withName("fleetflow-agent").get());
    out.put(
        "ClusterRoleBinding fleetflow-agent",
        c.rbac().clusterRoleBindings().withName("fleetflow-agent").get());
    out.put(
        "ClusterRole open-cluster-management:addon-reader",
        c.rbac().clusterRoles().withName("open-cluster-management:addon-reader").get());
    out.put(
        "ServiceAccount " + AGENT_NS + "/fleetflow-agent",
        c.serviceAccounts().inNamespace(AGENT_NS).withName("fleetflow-agent").get());
    out.put(
        "Role " + ADDON_NS + "/addon-agent",
        c.rbac().roles().inNamespace(ADDON_NS).withName("addon-agent").get());
    out.put(
        "RoleBinding " + ADDON_NS + "/addon-agent",
        c.rbac().roleBindings().inNamespace(ADDON_NS).withName("addon-agent").get());
    out.put(
        "ConfigMap " + AGENT_NS + "/fleetflow-hub",
        c.configMaps().inNamespace(AGENT_NS).withName("fleetflow-hub").get());
    out.put(
        "ConfigMap " + ADDON_NS + "/addon-defaults",
        c.configMaps().inNamespace(ADDON_NS).withName("addon-defaults").get());
    return out;
  }
}
