package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.FrontDoorClients;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.model.certificates.Pem;
import io.grpc.StatusRuntimeException;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An add-on whose agent talks to the hub, as OCM's add-on registration lets it: its template asks
 * for a hub client certificate and a ClusterRole in its cluster's namespace; the hub binds the role
 * to that add-on's group on each cluster, the cluster's agent makes a key and a certificate
 * request, the hub issues the certificate through a CertificateSigningRequest that {@code kubectl
 * get csr} shows, and the add-on's agent finds OCM's {@code <addon>-hub-kubeconfig} Secret on its
 * cluster. With it, kubectl reaches the hub's gateway as the add-on's agent: its own cluster's
 * add-ons yes, another cluster's no, the agents' front door not at all; removing the add-on takes
 * it all back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AddOnRegistrationE2ETest {
  private static final List<String> CLUSTERS = List.of("r1", "r2");
  private static final String ADDON = "hub-reader";
  private static final String NAMESPACE = "hub-reader-agent";
  private static final String SECRET = ADDON + "-hub-kubeconfig";
  private static final String USER =
      "system:open-cluster-management:cluster:r1:addon:hub-reader:agent:hub-reader-agent";

  private static final String MANIFESTS =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: "hub-reader:addon-status"}
      rules:
      - apiGroups: [addon.open-cluster-management.io]
        resources: [managedclusteraddons]
        verbs: [get, list]
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: AddOnTemplate
      metadata: {name: hub-reader-1}
      spec:
        addonName: hub-reader
        agentSpec:
          workload:
            manifests:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: "{{INSTALL_NAMESPACE}}"}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: hub-reader, namespace: "{{INSTALL_NAMESPACE}}"}
              data: {cluster: "{{CLUSTER_NAME}}"}
        registration:
        - type: KubeClient
          kubeClient:
            hubPermissions:
            - type: CurrentCluster
              currentCluster: {clusterRoleName: "hub-reader:addon-status"}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ClusterManagementAddOn
      metadata: {name: hub-reader}
      spec:
        addOnMeta: {displayName: Hub reader}
        supportedConfigs:
        - group: addon.open-cluster-management.io
          resource: addontemplates
          defaultConfig: {name: hub-reader-1}
        installStrategy: {type: Manual}
      """;

  private static final String INSTALL =
      """
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ManagedClusterAddOn
      metadata: {name: hub-reader, namespace: %s}
      spec: {installNamespace: hub-reader-agent}
      """;

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    fleet =
        Fleet.startSecure(
            "addon-registration",
            Placements.AUTO_APPROVE_SIMULATED,
            CLUSTERS.toArray(String[]::new));
    kubectl = fleet.kubectl();
    // A secure fleet's agents first enroll through a certificate request, which on a loaded
    // machine (the whole e2e tier runs several fleets at once) takes longer than a plain join.
    fleet.awaitAvailable(CLUSTERS, Duration.ofSeconds(180));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void theAddOnsAgentGetsAHubCredentialOnEachClusterThroughACertificateRequest() {
    kubectl.run(MANIFESTS, "apply", "-f", "-").ok();
    for (String cluster : CLUSTERS) {
      kubectl.run(INSTALL.formatted(cluster), "apply", "-f", "-").ok();
    }

    for (String cluster : CLUSTERS) {
      await("the add-on is registered on " + cluster)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  kubectl
                      .condition(
                          "managedclusteraddon", ADDON, cluster, "RegistrationApplied", "status")
                      .equals("True"));
    }
    assertThat(
            kubectl.condition("managedclusteraddon", ADDON, "r1", "RegistrationApplied", "message"))
        .contains("the client certificate of " + USER, "CertificateSigningRequest addon-r1-");
    assertThat(kubectl.ok("get", "csr", "-l", "open-cluster-management.io/addon-name=" + ADDON))
        .contains("addon-r1-hub-reader-", "addon-r2-hub-reader-", "Approved,Issued");
    assertThat(
            kubectl.ok(
                "get",
                "rolebinding",
                "-n",
                "r1",
                "open-cluster-management:addon:hub-reader:r1:hub-reader:addon-status",
                "-o",
                "jsonpath={.subjects[0].name}"))
        .isEqualTo("system:open-cluster-management:cluster:r1:addon:hub-reader");

    Secret secret = credential("r1");
    assertThat(secret.getData())
        .containsKeys("kubeconfig", "tls.crt", "tls.key", "cluster-name")
        .doesNotContainKeys("pending.key", "pending.csr");
    X509Certificate certificate = Pem.certificate(decoded(secret, "tls.crt"));
    assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + USER);
  }

  @Test
  @Order(2)
  void withItKubectlReadsItsOwnClustersAddOnsAndNothingOfAnotherCluster() throws Exception {
    Kubectl agent = new Kubectl(kubeconfigOf("r1"));

    assertThat(agent.ok("get", "managedclusteraddon", ADDON, "-n", "r1", "-o", "name"))
        .isEqualTo("managedclusteraddon.addon.open-cluster-management.io/hub-reader");
    assertThat(agent.ok("auth", "can-i", "list", "managedclusteraddons", "-n", "r1"))
        .isEqualTo("yes");

    Kubectl.Result other = agent.run(null, "get", "managedclusteraddon", ADDON, "-n", "r2");
    assertThat(other.exitCode()).isNotZero();
    assertThat(other.output())
        .contains(
            "User \"" + USER + "\" cannot get resource \"managedclusteraddons\"",
            "in the namespace \"r2\"");
    Kubectl.Result write = agent.run(null, "delete", "managedclusteraddon", ADDON, "-n", "r1");
    assertThat(write.exitCode()).isNotZero();
    assertThat(write.output()).contains("cannot delete resource \"managedclusteraddons\"");
    Kubectl.Result clusters = agent.run(null, "get", "managedclusters");
    assertThat(clusters.output()).contains("cannot list resource \"managedclusters\"");
  }

  @Test
  @Order(3)
  void theAgentsFrontDoorRefusesAnAddOnsCertificate() {
    Secret secret = credential("r1");
    X509Certificate certificate = Pem.certificate(decoded(secret, "tls.crt"));
    KeyPair keys =
        new KeyPair(certificate.getPublicKey(), Pem.privateKey(decoded(secret, "tls.key")));
    WorkflowServiceStubs stubs = new FrontDoorClients(fleet).withCertificate(certificate, keys);
    try {
      assertThatThrownBy(
              () ->
                  stubs
                      .blockingStub()
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .pollActivityTaskQueue(
                          PollActivityTaskQueueRequest.newBuilder()
                              .setNamespace("default")
                              .setTaskQueue(TaskQueue.newBuilder().setName("cluster-r1"))
                              .setIdentity("add-on")
                              .build()))
          .isInstanceOf(StatusRuntimeException.class)
          .hasMessageContaining("UNAUTHENTICATED")
          .hasMessageContaining("names no cluster");
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  @Order(4)
  void removingTheAddOnTakesItsPermissionsAndItsCredentialBack() throws Exception {
    Path kubeconfig = kubeconfigOf("r1");
    kubectl.ok("delete", "managedclusteraddon", ADDON, "-n", "r1", "--wait=false");

    await("the add-on is gone from r1")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                kubectl
                    .run(null, "get", "managedclusteraddon", ADDON, "-n", "r1")
                    .output()
                    .contains("NotFound"));
    assertThat(kubectl.run(null, "get", "rolebindings", "-n", "r1").output())
        .doesNotContain("hub-reader");
    try (KubernetesClient cluster = fleet.clusterClient("r1", "state")) {
      assertThat(cluster.secrets().inNamespace(NAMESPACE).withName(SECRET).get()).isNull();
    }
    Kubectl.Result refused =
        new Kubectl(kubeconfig).run(null, "get", "managedclusteraddons", "-n", "r1");
    assertThat(refused.output()).contains("cannot list resource \"managedclusteraddons\"");
    assertThat(
            kubectl.condition("managedclusteraddon", ADDON, "r2", "RegistrationApplied", "status"))
        .isEqualTo("True");
  }

  private static Secret credential(String cluster) {
    try (KubernetesClient client = fleet.clusterClient(cluster, "state")) {
      Secret secret = client.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
      assertThat(secret).as("Secret %s/%s on %s", NAMESPACE, SECRET, cluster).isNotNull();
      return secret;
    }
  }

  private static Path kubeconfigOf(String cluster) throws Exception {
    Path file = fleet.dir().resolve(cluster + "-" + ADDON + ".kubeconfig");
    Files.writeString(file, decoded(credential(cluster), "kubeconfig"));
    return file;
  }

  private static String decoded(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}
