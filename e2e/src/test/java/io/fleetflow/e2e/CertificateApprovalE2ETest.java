package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent joins with only the bootstrap credential and a PKCS#10 request, and an admin decides on
 * it with the real {@code kubectl certificate approve|deny}, which PUTs the whole request with its
 * new condition to {@code /approval}: an approved request is signed and the cluster works, a denied
 * one denies its cluster as OCM records it, and a viewer may decide on nothing. kubectl sends the
 * request as Kubernetes protobuf (a built-in kind), which the gateway reads (KubernetesProtobuf).
 */
class CertificateApprovalE2ETest {
  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the scenario");
    fleet = Fleet.startSecure("csr", List.of());
    kubectl = fleet.kubectl();
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void anAdminApprovesAJoinRequestWithKubectlAndTheClusterWorks() {
    fleet.startAgent("approved", "approved-state");
    String csr = kubectl.awaitJoinRequest("approved");
    try (KubernetesClient viewer = fleet.gatewayClient("viewer")) {
      assertThatThrownBy(
              () ->
                  viewer
                      .certificates()
                      .v1()
                      .certificateSigningRequests()
                      .withName(csr)
                      .approve(condition("Approved")))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
    assertThat(kubectl.ok("get", "csr", csr)).contains("Pending");

    assertThat(kubectl.ok("certificate", "approve", csr)).contains(csr + " approved");
    // As in OCM, the request's approval gives the agent its identity and the cluster's acceptance
    // is a second decision (clusteradm accept makes both).
    kubectl.ok(
        "patch",
        "managedcluster",
        "approved",
        "--type=merge",
        "-p",
        "{\"spec\":{\"hubAcceptsClient\":true}}");

    kubectl.ok(
        "wait",
        "--for=condition=ManagedClusterConditionAvailable",
        "managedcluster/approved",
        "--timeout=120s");
    assertThat(kubectl.ok("get", "csr", csr)).contains("Approved,Issued");
    assertThat(
            kubectl.ok(
                "get",
                "csr",
                csr,
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"Approved\")].message}"))
        .startsWith("approved by admin");
  }

  @Test
  void anAdminDeniesAJoinRequestWithKubectlAndTheClusterIsDenied() {
    fleet.startAgent("denied", "denied-state");
    String csr = kubectl.awaitJoinRequest("denied");

    assertThat(kubectl.ok("certificate", "deny", csr)).contains(csr + " denied");

    await("the denial of the cluster")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                kubectl
                    .run(
                        null,
                        "get",
                        "managedcluster",
                        "denied",
                        "-o",
                        "jsonpath={.status.conditions[?(@.type==\"HubAcceptedManagedCluster\")]"
                            + ".reason}")
                    .output()
                    .equals("HubClusterAdminDenied"));
    assertThat(kubectl.ok("get", "managedcluster", "denied", "-o", "jsonpath={.spec}"))
        .doesNotContain("\"hubAcceptsClient\":true");
    // kubectl refuses to approve a denied request itself; a client that does not ask is refused
    // by the hub, which keeps the first decision.
    Kubectl.Result forced = kubectl.run(null, "certificate", "approve", "--force", csr);
    assertThat(forced.exitCode()).isNotZero();
    assertThat(forced.output()).contains("is already Denied");
    try (KubernetesClient admin = fleet.gatewayClient("admin")) {
      assertThatThrownBy(
              () ->
                  admin
                      .certificates()
                      .v1()
                      .certificateSigningRequests()
                      .withName(csr)
                      .approve(condition("Approved")))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e ->
                  assertThat(e.getMessage()).contains("already Denied and that decision is final"));
    }
    assertThat(kubectl.ok("get", "csr", csr)).contains("Denied").doesNotContain("Issued");
  }

  private static CertificateSigningRequestCondition condition(String type) {
    return new CertificateSigningRequestConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason("ViewerTriesToApprove")
        .build();
  }
}
