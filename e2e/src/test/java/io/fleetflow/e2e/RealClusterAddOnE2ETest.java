package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.RealCluster;
import io.fleetflow.e2e.support.RealClusters;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.pki.ClusterSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An add-on on a real kube-apiserver, through an agent that runs as it does in a pod of the
 * cluster: its work lands, its registration's key and certificate are written to OCM's Secret on
 * the real API server (the namespace made for it), its Lease on the real server decides its health,
 * and its removal takes the work and the Secret off the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(RealClusters.LOCK)
class RealClusterAddOnE2ETest {
  private static final String EAST = "east";
  private static final String NS = "beat-agent";

  private static Fleet fleet;
  private static Kubectl hub;
  private static RealCluster east;

  @BeforeAll
  static void startFleetWithARealAgent() throws Exception {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    east = RealClusters.named(EAST);
    // The hub signs add-on agents' certificates with its cluster signer.
    Path signer = Files.createTempDirectory("real-addon-signer");
    ClusterSigner.createIfMissing(signer, "fleetflow-cluster-signer");
    fleet = Fleet.start("real-addons", List.of("--fleetflow.signer.dir=" + signer));
    hub = fleet.kubectl();
    fleet.startAgentInCluster(EAST, east);
    hub.acceptWhenJoinedAndAwaitAvailable(EAST);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void theAddOnsWorkAndCredentialLandOnTheRealApiServer() {
    hub.run(ADD_ON, "apply", "-f", "-").ok();

    await("the add-on is registered on the real cluster")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                hub.condition("managedclusteraddon", "beat", EAST, "RegistrationApplied", "status")
                    .equals("True"));
    Kubectl cluster = east.kubectl();
    await("the add-on's work is applied")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> cluster.run(null, "get", "configmap", "beat-settings", "-n", NS).exitCode() == 0);
    String certificate =
        new String(
            Base64.getDecoder()
                .decode(
                    cluster.ok(
                        "get",
                        "secret",
                        "beat-hub-kubeconfig",
                        "-n",
                        NS,
                        "-o",
                        "jsonpath={.data.tls\\.crt}")),
            StandardCharsets.UTF_8);
    assertThat(Pem.certificate(certificate).getSubjectX500Principal().getName())
        .contains("CN=system:open-cluster-management:cluster:east:addon:beat:agent:beat-agent");
    assertThat(
            cluster.ok("get", "secret", "beat-hub-kubeconfig", "-n", NS, "-o", "jsonpath={.data}"))
        .contains("kubeconfig", "tls.key", "cluster-name")
        .doesNotContain("pending");
  }

  @Test
  @Order(2)
  void aLeaseOnTheRealApiServerDecidesTheAddOnsHealth() {
    renewLease();
    await("a renewed lease makes the add-on available")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                hub.condition("managedclusteraddon", "beat", EAST, "Available", "status")
                    .equals("True"));
    // The lease lasts 2 s, so renewals missed for 5 x 2 s count as stopped.
    await("a lease that is not renewed makes it Unknown")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                hub.condition("managedclusteraddon", "beat", EAST, "Available", "reason")
                    .equals("ManagedClusterAddOnLeaseUpdateStopped"));
  }

  @Test
  @Order(3)
  void removingTheAddOnTakesItsWorkAndItsCredentialOffTheCluster() {
    hub.ok("delete", "managedclusteraddon", "beat", "-n", EAST, "--wait=false");
    Kubectl cluster = east.kubectl();
    await("the work and the credential are gone from the real cluster")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                cluster.run(null, "get", "configmap", "beat-settings", "-n", NS).exitCode() != 0
                    && cluster
                            .run(null, "get", "secret", "beat-hub-kubeconfig", "-n", NS)
                            .exitCode()
                        != 0);
  }

  private static void renewLease() {
    String now =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    east.kubectl()
        .run(
            """
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata: {name: beat, namespace: %s}
            spec: {holderIdentity: beat-agent, leaseDurationSeconds: 2, renewTime: "%s"}
            """
                .formatted(NS, now),
            "apply",
            "-f",
            "-")
        .ok();
  }

  private static final String ADD_ON =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: "beat:addon-status"}
      rules:
      - apiGroups: [addon.open-cluster-management.io]
        resources: [managedclusteraddons]
        verbs: [get]
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: AddOnTemplate
      metadata: {name: beat-1}
      spec:
        addonName: beat
        agentSpec:
          workload:
            manifests:
            - {apiVersion: v1, kind: Namespace, metadata: {name: "{{INSTALL_NAMESPACE}}"}}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: beat-settings, namespace: "{{INSTALL_NAMESPACE}}"}
              data: {period: 2s}
        registration:
        - type: KubeClient
          kubeClient:
            hubPermissions:
            - type: CurrentCluster
              currentCluster: {clusterRoleName: "beat:addon-status"}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ClusterManagementAddOn
      metadata:
        name: beat
        annotations: {"fleetflow.io/addon-health-check": Lease}
      spec:
        supportedConfigs:
        - group: addon.open-cluster-management.io
          resource: addontemplates
          defaultConfig: {name: beat-1}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ManagedClusterAddOn
      metadata: {name: beat, namespace: east}
      spec: {installNamespace: beat-agent}
      """;
}
