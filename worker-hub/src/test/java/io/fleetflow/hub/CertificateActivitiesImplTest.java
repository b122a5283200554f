package io.fleetflow.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.activities.hub.CertificateActivities.IssuedCertificate;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.pki.AgentCertificates;
import io.fleetflow.security.pki.CertificateRequests;
import io.fleetflow.security.pki.ClusterSigner;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateActivitiesImplTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final KeyPair AGENT = ClusterSigner.newKeyPair();

  @TempDir Path dir;

  private CertificateActivitiesImpl activities(Duration lifetime) {
    ClusterSigner.createIfMissing(dir, "fleetflow-cluster-signer");
    ClusterSigner signer = ClusterSigner.load(dir);
    // Issuing reads no entity; the join's steps that do are covered end to end.
    return new CertificateActivitiesImpl(
        () -> signer, lifetime, Clock.fixed(NOW, ZoneOffset.UTC), null);
  }

  @Test
  void anAgentsRequestGetsACertificateForTheConfiguredLifetime() {
    IssuedCertificate issued =
        activities(Duration.ofSeconds(60))
            .issue(
                "cluster1",
                "kubernetes.io/kube-apiserver-client",
                CertificateRequests.create("cluster1", "agent", AGENT));

    var proven =
        AgentCertificates.verify(
            Pem.certificate(issued.certificate()),
            ClusterSigner.load(dir).certificate(),
            NOW.plusSeconds(30));
    assertThat(proven.cluster()).isEqualTo("cluster1");
    assertThat(issued.notAfter()).isEqualTo("2026-12-05T12:01:00Z");
    assertThat(issued.fingerprint()).isEqualTo(Pem.fingerprint(AGENT.getPublic()));
  }

  @Test
  void aRequestForAnotherClusterOrSignerFailsWithoutRetryAndIssuesNothing() {
    CertificateActivitiesImpl activities = activities(Duration.ofHours(24));
    String forCluster2 = CertificateRequests.create("cluster2", "agent", AGENT);

    assertThatThrownBy(
            () -> activities.issue("cluster1", "kubernetes.io/kube-apiserver-client", forCluster2))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(CertificateActivities.REJECTED);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("its own cluster's certificate");
            });
    assertThatThrownBy(
            () ->
                activities.issue(
                    "cluster1",
                    "example.com/anything",
                    CertificateRequests.create("cluster1", "agent", AGENT)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).contains("signs only"));
  }
}
