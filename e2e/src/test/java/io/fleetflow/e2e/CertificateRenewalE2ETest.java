package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.model.certificates.ClusterNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster's certificate lives 60 seconds and its agent renews it, as OCM's klusterlet does,
 * through a new certificate signing request that the hub approves by itself for an accepted
 * cluster; it does so again and again while works keep landing through the front door, and the
 * cluster never stops being Available.
 */
class CertificateRenewalE2ETest {
  private static final String CLUSTER = "renewing";
  private static final int RENEWALS = 3;

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the scenario");
    fleet = Fleet.startSecure("renewal", List.of("--fleetflow.signer.certificate-lifetime=60s"));
    kubectl = fleet.kubectl();
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void theAgentRenewsItsShortLivedCertificateThreeTimesWhileWorksKeepLanding() {
    fleet.startAgent(CLUSTER, "renewing-state");
    String first = kubectl.awaitJoinRequest(CLUSTER);
    kubectl.ok("certificate", "approve", first);
    kubectl.acceptWhenJoinedAndAwaitAvailable(CLUSTER);

    List<String> works = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (issuedCertificates() < RENEWALS + 1 && Instant.now().isBefore(deadline)) {
      String work = "tick-" + works.size();
      kubectl.run(manifestWork(work, CLUSTER), "apply", "-f", "-").ok();
      kubectl.ok(
          "wait",
          "--for=condition=Applied",
          "manifestwork/" + work,
          "-n",
          CLUSTER,
          "--timeout=60s");
      works.add(work);
      assertThat(
              kubectl.condition(
                  "managedcluster", CLUSTER, "ManagedClusterConditionAvailable", "status"))
          .as("the cluster stays Available across renewals")
          .isEqualTo("True");
    }

    assertThat(issuedCertificates())
        .as("the first certificate and %d renewals, each with its own certificate", RENEWALS)
        .isGreaterThanOrEqualTo(RENEWALS + 1);
    assertThat(works).hasSizeGreaterThanOrEqualTo(RENEWALS);
    assertThat(requests("{.items[*].status.conditions[?(@.type==\"Approved\")].message}"))
        .as("renewals are approved by the hub itself")
        .contains("hub");
  }

  @Test
  void anAgentWhoseCertificateExpiredWhileTheHubWasDownJoinsAgainAndWorks() throws Exception {
    String cluster = "outlasted";
    fleet.startAgent(cluster, "outlasted-state");
    kubectl.ok("certificate", "approve", kubectl.awaitJoinRequest(cluster));
    kubectl.acceptWhenJoinedAndAwaitAvailable(cluster);

    // The hub (which approves renewals) is killed and stays away past the certificate's life.
    fleet.hub().kill9();
    Thread.sleep(Duration.ofSeconds(75).toMillis());
    fleet.startHub();

    // The agent asks again with the bootstrap credential; the hub approves a known agent of an
    // accepted cluster by itself, and the cluster works again.
    kubectl.ok(
        "wait",
        "--for=condition=ManagedClusterConditionAvailable",
        "managedcluster/" + cluster,
        "--timeout=120s");
    kubectl.run(manifestWork("after-expiry", cluster), "apply", "-f", "-").ok();
    kubectl.ok(
        "wait",
        "--for=condition=Applied",
        "manifestwork/after-expiry",
        "-n",
        cluster,
        "--timeout=120s");
  }

  /** The number of distinct certificates issued to the cluster so far. */
  private static long issuedCertificates() {
    String certificates = requests("{.items[*].status.certificate}");
    return Arrays.stream(certificates.split("\\s+")).filter(c -> !c.isBlank()).distinct().count();
  }

  /** A JSONPath over the cluster's certificate signing requests. */
  private static String requests(String jsonpath) {
    return kubectl.ok(
        "get",
        "csr",
        "-l",
        ClusterNames.CLUSTER_NAME_LABEL + "=" + CLUSTER,
        "-o",
        "jsonpath=" + jsonpath);
  }

  private static String manifestWork(String name, String cluster) {
    return """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata: {name: %s, namespace: %s}
        spec:
          workload:
            manifests:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: %s, namespace: default}
              data: {at: "%s"}
        """
        .formatted(name, cluster, name, Instant.now());
  }
}
