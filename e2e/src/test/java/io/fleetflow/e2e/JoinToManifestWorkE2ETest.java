package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's tour, end to end on real processes: an agent joins, an operator accepts it with
 * kubectl, applies an OCM ManifestWork, sees it delivered to the simulated cluster, and deletes it
 * again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinToManifestWorkE2ETest {
  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed to drive the tour");
    fleet = Fleet.start("tour", "cluster1");
    kubectl = fleet.kubectl();
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void theAgentsJoinShowsTheClusterNotYetAccepted() {
    await("cluster1 listed")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> kubectl.run(null, "get", "managedcluster", "cluster1").exitCode() == 0);

    assertThat(
            kubectl.ok(
                "get", "managedcluster", "cluster1", "-o", "jsonpath={.spec.hubAcceptsClient}"))
        .isEqualTo("false");
    String table = kubectl.ok("get", "managedclusters");
    assertThat(table).contains("HUB ACCEPTED").contains("JOINED").contains("AVAILABLE");
    assertThat(table.lines().filter(l -> l.startsWith("cluster1")).findFirst().orElseThrow())
        .contains("false");
  }

  @Test
  @Order(2)
  void anOperatorAcceptsWithKubectlPatchAndTheClusterBecomesAvailable() {
    kubectl.ok(
        "patch",
        "managedcluster",
        "cluster1",
        "--type=merge",
        "-p",
        "{\"spec\":{\"hubAcceptsClient\":true}}");

    kubectl.ok(
        "wait",
        "--for=condition=ManagedClusterConditionAvailable",
        "managedcluster/cluster1",
        "--timeout=60s");
    for (String condition :
        List.of(
            "HubAcceptedManagedCluster",
            "ManagedClusterJoined",
            "ManagedClusterConditionAvailable")) {
      assertThat(
              kubectl.ok(
                  "get",
                  "managedcluster",
                  "cluster1",
                  "-o",
                  "jsonpath={.status.conditions[?(@.type==\"" + condition + "\")].status}"))
          .as(condition)
          .isEqualTo("True");
    }
    assertThat(
            kubectl.ok(
                "get",
                "managedcluster",
                "cluster1",
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"HubAcceptedManagedCluster\")].message}"))
        .startsWith("Accepted by admin at ");
  }

  @Test
  @Order(3)
  void anOcmManifestWorkIsAppliedOnTheClusterAndReportsAppliedAndAvailable() throws IOException {
    String work = resource("/manifestwork-hello.yaml");

    assertThat(kubectl.run(work, "apply", "-f", "-").ok())
        .contains("manifestwork.work.open-cluster-management.io/hello created");
    kubectl.ok(
        "wait",
        "--for=condition=Available",
        "manifestwork/hello",
        "-n",
        "cluster1",
        "--timeout=60s");

    assertThat(
            kubectl.ok(
                "get",
                "manifestwork",
                "hello",
                "-n",
                "cluster1",
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"Applied\")].status}"))
        .isEqualTo("True");
    assertThat(
            kubectl.ok(
                "get",
                "manifestwork",
                "hello",
                "-n",
                "cluster1",
                "-o",
                "jsonpath={range .status.resourceStatus.manifests[*]}{.resourceMeta.kind}/{.resourceMeta.name}={.conditions[?(@.type==\"Available\")].status} {end}"))
        .isEqualTo("ConfigMap/greeting=True Namespace/hello=True");
    assertThat(kubectl.ok("get", "manifestworks", "-A")).contains("cluster1").contains("hello");

    Kubectl cluster = fleet.clusterKubectl("cluster1");
    assertThat(cluster.ok("get", "namespace", "hello", "-o", "name")).isEqualTo("namespace/hello");
    assertThat(
            cluster.ok(
                "get", "configmap", "greeting", "-n", "hello", "-o", "jsonpath={.data.message}"))
        .isEqualTo("Hello from the Fleetflow hub");
  }

  @Test
  @Order(4)
  void theTemporalUiShowsEveryStepByObjectKeyAndCluster() {
    var temporal = fleet.temporal();
    List<String> clusters =
        temporal
            .listExecutions("FleetflowKind = 'ManagedCluster' AND FleetflowPhase = 'Available'")
            .map(WorkflowExecutionMetadata::getExecution)
            .map(e -> e.getWorkflowId())
            .toList();
    assertThat(clusters).containsExactly("ManagedCluster/cluster1");
    List<String> works =
        temporal
            .listExecutions("FleetflowKind = 'ManifestWork' AND FleetflowCluster = 'cluster1'")
            .map(m -> m.getExecution().getWorkflowId())
            .toList();
    assertThat(works).containsExactly("ManifestWork/cluster1/hello");
    // The change feed's tasks go before everything else on the hub's queue (the default is 3).
    assertThat(
            temporal
                .newUntypedWorkflowStub("ChangeFeed")
                .describe()
                .getWorkflowExecutionInfo()
                .getPriority()
                .getPriorityKey())
        .isEqualTo(1);

    List<HistoryEvent> events = temporal.fetchHistory("ManifestWork/cluster1/hello").getEvents();
    String summaries =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .map(e -> e.getUserMetadata().getSummary().getData().toStringUtf8())
            .reduce("", String::concat);
    assertThat(summaries)
        .contains("apply ManifestWork hello generation 1 (2 manifests) on cluster1");
    assertThat(events.get(0).getUserMetadata().getSummary().getData().toStringUtf8())
        .contains("ManifestWork cluster1/hello");
  }

  @Test
  @Order(5)
  void anInvalidManifestWorkIsRefusedWithTheFieldNamed() {
    String invalid =
        """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata:
          name: broken
          namespace: cluster1
        spec:
          workload:
            manifests:
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  generateName: cm-
        """;

    Kubectl.Result result = kubectl.run(invalid, "apply", "-f", "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("spec.workload.manifests[0].metadata.generateName")
        .contains("spec.workload.manifests[0].metadata.name");
    assertThat(fleet.temporal().listExecutions("FleetflowName = 'broken'").count()).isZero();
  }

  @Test
  @Order(6)
  void deletingTheWorkRemovesItsObjectsFromTheClusterBeforeTheWorkIsGone() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (KubernetesClient client = fleet.gatewayClient(true);
        Watch watch =
            client
                .genericKubernetesResources("work.open-cluster-management.io/v1", "ManifestWork")
                .inNamespace("cluster1")
                .watch(
                    new Watcher<GenericKubernetesResource>() {
                      @Override
                      public void eventReceived(Action action, GenericKubernetesResource work) {
                        events.add(action + " " + work.getMetadata().getName());
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
      kubectl.ok("delete", "manifestwork", "hello", "-n", "cluster1", "--timeout=60s");

      // A fabric8 client watching through the gateway sees the deletion too.
      String event;
      do {
        event = events.poll(30, TimeUnit.SECONDS);
      } while (event != null && !event.equals("DELETED hello"));
      assertThat(event).isEqualTo("DELETED hello");
    }

    assertThat(kubectl.run(null, "get", "manifestwork", "hello", "-n", "cluster1").output())
        .contains("NotFound");
    Kubectl cluster = fleet.clusterKubectl("cluster1");
    assertThat(cluster.run(null, "get", "namespace", "hello").output()).contains("NotFound");
    assertThat(cluster.run(null, "get", "configmap", "greeting", "-n", "hello").output())
        .contains("NotFound");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JoinToManifestWorkE2ETest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
