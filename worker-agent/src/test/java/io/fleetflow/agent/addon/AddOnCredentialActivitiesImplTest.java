package io.fleetflow.agent.addon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialAsk;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialDelivery;
import io.fleetflow.activities.addon.AddOnCredentialActivities.CredentialRequest;
import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.pki.CertificateRequests;
import io.fleetflow.security.pki.ClusterSigner;
import io.fleetflow.simulator.SimulatedCluster;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's side of an add-on's registration on a simulated API server: the key is made on the
 * cluster and kept in OCM's {@code <addon>-hub-kubeconfig} Secret, the certificate joins it only if
 * it certifies that key, the kubeconfig reaches the hub with both, and a certificate with a third
 * of its life left is kept instead of asked for again.
 */
class AddOnCredentialActivitiesImplTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final String NAMESPACE = "probe-agent";
  private static final CredentialAsk ASK =
      new CredentialAsk(
          NAMESPACE,
          "probe",
          ClusterNames.addOnCommonName("east", "probe", "probe-agent"),
          ClusterNames.addOnGroups("east", "probe"),
          false);

  private static SimulatedCluster cluster;
  @TempDir static Path dir;
  private static ClusterSigner signer;
  private final AtomicReference<Instant> clock = new AtomicReference<>(NOW);
  private final AddOnCredentialActivitiesImpl activities =
      new AddOnCredentialActivitiesImpl(cluster.client(), clock::get);

  @BeforeAll
  static void start() {
    cluster = SimulatedCluster.start("east");
    ClusterSigner.createIfMissing(dir, "fleetflow-cluster-signer");
    signer = ClusterSigner.load(dir);
  }

  @BeforeEach
  void startWithoutACredential() {
    activities.forget(NAMESPACE, "probe");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void theKeyStaysOnTheClusterAndTheCertificateJoinsItWithAKubeconfig() {
    CredentialRequest request = activities.prepare(ASK);

    assertThat(request.csr()).contains("CERTIFICATE REQUEST");
    assertThat(data("pending.key")).contains("PRIVATE KEY");
    String certificate = issue(request.csr(), Duration.ofHours(24));
    activities.store(delivery(certificate));

    assertThat(data("tls.crt")).isEqualTo(certificate);
    assertThat(data("tls.key")).contains("PRIVATE KEY");
    assertThat(data("cluster-name")).isEqualTo("east");
    assertThat(secret().getData()).doesNotContainKeys("pending.key", "pending.csr");
    Config hub = Config.fromKubeconfig(data("kubeconfig"));
    assertThat(hub.getMasterUrl()).startsWith("https://hub.example.com:8443");
    assertThat(hub.getClientCertData())
        .isEqualTo(
            Base64.getEncoder().encodeToString(certificate.getBytes(StandardCharsets.UTF_8)));
    assertThat(Pem.certificate(certificate).getPublicKey())
        .isEqualTo(CertificateRequests.publicKey(request.csr()));
  }

  @Test
  void aCertificateWithAThirdOfItsLifeLeftIsKeptAndARenewalAsksAgain() {
    activities.store(delivery(issue(activities.prepare(ASK).csr(), Duration.ofHours(24))));
    String held = data("tls.crt");

    CredentialRequest kept = activities.prepare(ASK);
    assertThat(kept.csr()).isNull();
    assertThat(kept.notAfter())
        .isEqualTo(Pem.certificate(held).getNotAfter().toInstant().toString());

    clock.set(NOW.plus(Duration.ofHours(20)));
    assertThat(activities.prepare(ASK).csr()).isNotNull();
    assertThat(data("tls.crt"))
        .as("the certificate in use keeps working meanwhile")
        .isEqualTo(held);

    clock.set(NOW);
    CredentialAsk renewal =
        new CredentialAsk(
            ASK.namespace(), ASK.addOn(), ASK.commonName(), ASK.organizations(), true);
    assertThat(activities.prepare(renewal).csr()).isNotNull();
  }

  @Test
  void aCertificateForAnotherKeyIsRefusedAndNothingChanges() {
    activities.prepare(ASK);
    String pendingKey = data("pending.key");
    String foreign =
        issue(
            CertificateRequests.create(
                ASK.commonName(), ASK.organizations(), ClusterSigner.newKeyPair()),
            Duration.ofHours(1));

    assertThatThrownBy(() -> activities.store(delivery(foreign)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("not for the key the cluster holds");
    assertThat(data("pending.key")).isEqualTo(pendingKey);
  }

  @Test
  void forgettingDeletesTheSecretAndForgettingTwiceIsNoError() {
    activities.prepare(ASK);

    activities.forget(NAMESPACE, "probe");
    activities.forget(NAMESPACE, "probe");

    assertThat(secret()).isNull();
  }

  private String issue(String csr, Duration lifetime) {
    return Pem.encode(signer.issue(ClusterCsr.parseAny(csr, "east"), lifetime, clock.get()));
  }

  private static CredentialDelivery delivery(String certificate) {
    return new CredentialDelivery(
        NAMESPACE,
        "probe",
        "east",
        certificate,
        "https://hub.example.com:8443",
        Pem.encode(signer.certificate()));
  }

  private static Secret secret() {
    return cluster.client().secrets().inNamespace(NAMESPACE).withName("probe-hub-kubeconfig").get();
  }

  private static String data(String key) {
    return new String(
        Base64.getDecoder().decode(secret().getData().get(key)), StandardCharsets.UTF_8);
  }
}
