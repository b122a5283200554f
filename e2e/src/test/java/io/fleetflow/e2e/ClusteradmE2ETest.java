package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Clusteradm;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An OCM user's day on Fleetflow's hub with OCM's own CLI, the real clusteradm v1.3.1, unchanged:
 * an agent joins with only the bootstrap credential and a certificate signing request, {@code
 * clusteradm accept} approves the request and accepts the cluster (and an operator, who may not
 * decide, is refused and changes nothing), then cluster sets, bindings, placements and works are
 * made and read with clusteradm as on an OCM hub.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusteradmE2ETest {
  private static final String CLUSTER = "east";

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static Clusteradm admin;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl checks what clusteradm did");
    Clusteradm.binary();
    fleet = Fleet.startSecure("clusteradm", List.of());
    kubectl = fleet.kubectl();
    admin = Clusteradm.of(fleet, "admin");
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void anOperatorsAcceptIsRefusedAndTheRequestStaysPending() {
    fleet.startAgent(CLUSTER, "east-state");
    String csr = kubectl.awaitJoinRequest(CLUSTER);

    Kubectl.Result refused =
        Clusteradm.of(fleet, "operator").run(null, "accept", "--clusters", CLUSTER);

    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains("User \"operator\" cannot update resource");
    assertThat(kubectl.ok("get", "csr", csr)).contains("Pending");
    assertThat(kubectl.ok("get", "managedcluster", CLUSTER, "-o", "jsonpath={.spec}"))
        .doesNotContain("\"hubAcceptsClient\":true");
  }

  @Test
  @Order(2)
  void clusteradmAcceptApprovesTheRequestAndAcceptsTheCluster() {
    String csr = kubectl.awaitJoinRequest(CLUSTER);

    String accepted = admin.ok("accept", "--clusters", CLUSTER);

    assertThat(accepted).contains(csr);
    kubectl.ok(
        "wait",
        "--for=condition=ManagedClusterConditionAvailable",
        "managedcluster/" + CLUSTER,
        "--timeout=120s");
    assertThat(kubectl.ok("get", "csr", csr)).contains("Approved,Issued");
    assertThat(
            kubectl.ok(
                "get",
                "managedcluster",
                CLUSTER,
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"HubAcceptedManagedCluster\")].message}"))
        .startsWith("Accepted by admin");
    assertThat(admin.ok("get", "clusters")).contains(CLUSTER);
  }

  @Test
  @Order(3)
  void clusterSetsBindingsAndPlacementsAreMadeAndReadWithClusteradm() {
    // clusterset set reads the cluster and writes it back whole, so, as on any API server, it
    // conflicts with a status change in between: the cluster first settles after its acceptance
    // (joined, taken over, in the default set), and then stays unchanged while nothing happens.
    awaitSettled(CLUSTER);
    admin.ok("create", "clusterset", "blue");
    admin.ok("clusterset", "set", "blue", "--clusters", CLUSTER);
    // The set's membership follows the label at once, not at its 5-minute safety resync.
    kubectl.awaitOutput(
        "set blue shows " + CLUSTER,
        Duration.ofSeconds(10),
        "1 ManagedClusters selected: " + CLUSTER,
        "get",
        "managedclusterset",
        "blue",
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"ClusterSetEmpty\")].message}");
    admin.ok("clusterset", "bind", "blue", "--namespace", "team");
    admin.ok("create", "placement", "near", "--namespace", "team", "--clustersets", "blue");

    assertThat(admin.ok("get", "clustersets")).contains("blue");
    assertThat(admin.ok("get", "placements", "-n", "team")).contains("near");
    kubectl.awaitOutput(
        "placement near selects " + CLUSTER,
        Duration.ofSeconds(60),
        CLUSTER,
        "get",
        "placementdecisions",
        "-n",
        "team",
        "-l",
        "cluster.open-cluster-management.io/placement=near",
        "-o",
        "jsonpath={.items[*].status.decisions[*].clusterName}");
  }

  /** Waits until the cluster's resourceVersion stays the same for ten seconds. */
  private static void awaitSettled(String cluster) {
    String[] last = {""};
    long[] since = {System.nanoTime()};
    await(cluster + " settles")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              String version =
                  kubectl.ok(
                      "get",
                      "managedcluster",
                      cluster,
                      "-o",
                      "jsonpath={.metadata.resourceVersion}");
              if (!version.equals(last[0])) {
                last[0] = version;
                since[0] = System.nanoTime();
              }
              return System.nanoTime() - since[0] > Duration.ofSeconds(10).toNanos();
            });
  }

  @Test
  @Order(4)
  void aWorkIsCreatedListedAndDeletedWithClusteradm() throws Exception {
    Path manifest = fleet.dir().resolve("greeting.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: greeting, namespace: default}
        data: {message: hello}
        """);

    admin.ok("create", "work", "hello", "-f", manifest.toString(), "--clusters", CLUSTER);

    kubectl.ok(
        "wait", "--for=condition=Applied", "manifestwork/hello", "-n", CLUSTER, "--timeout=120s");
    assertThat(admin.ok("get", "works", "--cluster", CLUSTER)).contains("hello");
    // clusteradm waits for the Deleted event of the work's watch (10 s at most).
    admin.ok("delete", "work", "hello", "--cluster", CLUSTER);
    await("the work is gone")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> kubectl.run(null, "get", "manifestwork", "hello", "-n", CLUSTER).exitCode() != 0);

    // By placement: a work on each cluster the placement decided on, and with -r a replica set.
    admin.ok("create", "work", "placed", "-f", manifest.toString(), "--placement", "team/near");
    kubectl.ok(
        "wait", "--for=condition=Applied", "manifestwork/placed", "-n", CLUSTER, "--timeout=120s");
    admin.ok(
        "create", "work", "spread", "-f", manifest.toString(), "--placement", "team/near", "-r");
    assertThat(
            kubectl.ok(
                "get",
                "manifestworkreplicaset",
                "spread",
                "-n",
                "team",
                "-o",
                "jsonpath={.spec.placementRefs[0].name}"))
        .isEqualTo("near");
  }

  @Test
  @Order(5)
  void anAddOnIsCreatedEnabledListedAndDisabledWithClusteradm() throws Exception {
    Path manifests = fleet.dir().resolve("hello-addon.yaml");
    Files.writeString(
        manifests,
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: "{{INSTALL_NAMESPACE}}"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: hello-agent, namespace: "{{INSTALL_NAMESPACE}}"}
        spec:
          replicas: 1
          selector: {matchLabels: {app: hello}}
          template:
            metadata: {labels: {app: hello}}
            spec:
              containers:
              - name: hello
                image: quay.io/fleetflow/hello:1
                env: [{name: CLUSTER, value: "{{CLUSTER_NAME}}"}]
        """);

    admin.ok("addon", "create", "hello", "-f", manifests.toString(), "--version", "0.1.0");
    assertThat(kubectl.ok("get", "addontemplates")).contains("hello-0.1.0", "hello");

    Kubectl.Result refused =
        Clusteradm.of(fleet, "viewer")
            .run(null, "addon", "enable", "--names", "hello", "--clusters", CLUSTER);
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains("User \"viewer\" cannot");

    admin.ok("addon", "enable", "--names", "hello", "--clusters", CLUSTER);
    await("the add-on is available")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .condition("managedclusteraddon", "hello", CLUSTER, "Available", "status")
                    .equals("True"));
    assertThat(
            kubectl.field(
                "manifestwork",
                "addon-hello-deploy-0",
                CLUSTER,
                "{.spec.workload.manifests[1].spec.template.spec.containers[0].env[0].value}"))
        .isEqualTo(CLUSTER);
    assertThat(admin.ok("get", "addon")).contains("hello", "Available -> true");

    admin.ok("addon", "disable", "--names", "hello", "--clusters", CLUSTER);
    await("the add-on and its work are gone")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl.run(null, "get", "managedclusteraddon", "hello", "-n", CLUSTER).exitCode()
                        != 0
                    && kubectl
                            .run(null, "get", "manifestwork", "addon-hello-deploy-0", "-n", CLUSTER)
                            .exitCode()
                        != 0);
  }
}
