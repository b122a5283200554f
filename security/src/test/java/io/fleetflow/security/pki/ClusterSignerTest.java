package io.fleetflow.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.CsrRejectedException;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.pki.AgentCertificates.AgentCertificate;
import io.fleetflow.security.pki.AgentCertificates.CertificateRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterSignerTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final KeyPair AGENT = ClusterSigner.newKeyPair();
  private static final KeyPair OTHER = ClusterSigner.newKeyPair();

  @TempDir Path dir;
  private ClusterSigner signer;

  @BeforeEach
  void createSigner() {
    assertThat(ClusterSigner.createIfMissing(dir.resolve("signer"), "fleetflow-cluster-signer"))
        .isTrue();
    signer = ClusterSigner.load(dir.resolve("signer"));
  }

  @Test
  void anAgentsRequestIsCheckedSignedAndItsCertificateProvesItsCluster() {
    String pem = CertificateRequests.create("cluster1", "agent-a", AGENT);

    ClusterCsr csr = ClusterCsr.parse(pem, "cluster1");
    X509Certificate certificate = signer.issue(csr, Duration.ofHours(24), NOW);
    AgentCertificate proven =
        AgentCertificates.verify(certificate, signer.certificate(), NOW.plusSeconds(60));

    assertThat(csr.commonName()).isEqualTo("system:open-cluster-management:cluster1:agent-a");
    assertThat(proven.cluster()).isEqualTo("cluster1");
    assertThat(proven.agent()).isEqualTo("agent-a");
    assertThat(proven.fingerprint()).isEqualTo(Pem.fingerprint(AGENT.getPublic()));
    assertThat(proven.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.getSubjectX500Principal().getName())
        .contains("O=system:open-cluster-management:cluster1");
  }

  @Test
  void theSignerSurvivesARestartFromItsFilesAndIsCreatedOnlyOnce() throws Exception {
    String before = Files.readString(dir.resolve("signer/tls.key"));

    assertThat(ClusterSigner.createIfMissing(dir.resolve("signer"), "again")).isFalse();
    ClusterSigner reloaded = ClusterSigner.load(dir.resolve("signer"));

    assertThat(Files.readString(dir.resolve("signer/tls.key"))).isEqualTo(before);
    X509Certificate issued =
        reloaded.issue(
            ClusterCsr.parse(CertificateRequests.create("c", "a", AGENT), "c"),
            Duration.ofMinutes(1),
            NOW);
    AgentCertificates.verify(issued, signer.certificate(), NOW);
    assertThat(Files.getPosixFilePermissions(dir.resolve("signer/tls.key")).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }

  @Test
  void aCertificateNeverOutlivesItsSigner() {
    ClusterCsr csr = ClusterCsr.parse(CertificateRequests.create("c", "a", AGENT), "c");

    X509Certificate issued = signer.issue(csr, Duration.ofDays(100_000), Instant.now());

    assertThat(issued.getNotAfter()).isEqualTo(signer.certificate().getNotAfter());
  }

  @Test
  void aMissingSignerNamesTheFilesItNeeds() {
    assertThatThrownBy(() -> ClusterSigner.load(dir.resolve("nowhere")))
        .hasMessageContaining("tls.crt")
        .hasMessageContaining("tls.key");
  }

  static Stream<Arguments> badRequests() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    KeyPair smallRsa = rsa.generateKeyPair();
    return Stream.of(
        Arguments.of("not PEM at all", "hello", "cluster1", "CERTIFICATE REQUEST"),
        Arguments.of(
            "truncated PEM",
            CertificateRequests.create("cluster1", "a", AGENT).substring(0, 120),
            "cluster1",
            "not valid PEM"),
        Arguments.of(
            "a request for another cluster's name",
            CertificateRequests.create("cluster2", "a", AGENT),
            "cluster1",
            "an agent may only ask for its own cluster's certificate"),
        Arguments.of(
            "signed with another key than it certifies",
            request(
                "cluster1", List.of("system:open-cluster-management:cluster1"), AGENT, OTHER, null),
            "cluster1",
            "signature does not verify"),
        Arguments.of(
            "a common name that is not OCM's",
            request("cluster1", List.of(), AGENT, AGENT, "CN=admin"),
            "cluster1",
            "must be system:open-cluster-management:<cluster>:<agent>"),
        Arguments.of(
            "an organization that would grant more",
            request(
                "cluster1",
                List.of("system:open-cluster-management:cluster1", "system:masters"),
                AGENT,
                AGENT,
                null),
            "cluster1",
            "\"system:masters\" is not allowed"),
        Arguments.of(
            "no cluster organization",
            request("cluster1", List.of(), AGENT, AGENT, null),
            "cluster1",
            "must include system:open-cluster-management:cluster1"),
        Arguments.of(
            "an RSA key of 1024 bits",
            request(
                "cluster1",
                List.of("system:open-cluster-management:cluster1"),
                smallRsa,
                smallRsa,
                null),
            "cluster1",
            "at least 2048 bits"),
        Arguments.of(
            "subject alternative names",
            withSan("cluster1", AGENT),
            "cluster1",
            "subject alternative names"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestsAreRefusedWithAReasonAndNothingIsIssued(
      String scenario, String pem, String cluster, String message) {
    assertThatThrownBy(() -> ClusterCsr.parse(pem, cluster))
        .isInstanceOf(CsrRejectedException.class)
        .hasMessageContaining(message);
  }

  @Test
  void onlyTheAgentClientSignerIsServed() {
    ClusterCsr.checkSigner("kubernetes.io/kube-apiserver-client");

    assertThatThrownBy(() -> ClusterCsr.checkSigner("kubernetes.io/kubelet-serving"))
        .isInstanceOf(CsrRejectedException.class)
        .hasMessageContaining("signs only kubernetes.io/kube-apiserver-client");
  }

  @Test
  void expiredNotYetValidAndForeignCertificatesProveNothing() {
    ClusterCsr csr =
        ClusterCsr.parse(CertificateRequests.create("cluster1", "a", AGENT), "cluster1");
    X509Certificate issued = signer.issue(csr, Duration.ofSeconds(60), NOW);
    ClusterSigner.createIfMissing(dir.resolve("foreign"), "fleetflow-cluster-signer");
    ClusterSigner foreign = ClusterSigner.load(dir.resolve("foreign"));
    X509Certificate fromForeign = foreign.issue(csr, Duration.ofHours(1), NOW);

    assertThatThrownBy(
            () -> AgentCertificates.verify(issued, signer.certificate(), NOW.plusSeconds(61)))
        .isInstanceOf(CertificateRefusedException.class)
        .hasMessageContaining("expired at 2026-12-05T10:01:00Z");
    assertThatThrownBy(
            () -> AgentCertificates.verify(issued, signer.certificate(), NOW.minusSeconds(600)))
        .hasMessageContaining("not valid before");
    // Same subject name as the real signer, another key: the signature gives it away.
    assertThatThrownBy(
            () -> AgentCertificates.verify(fromForeign, signer.certificate(), NOW.plusSeconds(1)))
        .isInstanceOf(CertificateRefusedException.class)
        .hasMessageContaining("does not verify with this hub's cluster signer");
    assertThatThrownBy(
            () ->
                AgentCertificates.verify(
                    signer.certificate(), foreign.certificate(), NOW.plusSeconds(1)))
        .hasMessageContaining("does not verify");
  }

  private static String request(
      String cluster, List<String> organizations, KeyPair certified, KeyPair signing, String dn)
      throws Exception {
    StringBuilder name = new StringBuilder();
    if (dn != null) {
      name.append(dn);
    } else {
      name.append("CN=system:open-cluster-management:").append(cluster).append(":a");
      for (String o : organizations) {
        name.append(",O=").append(o);
      }
    }
    var builder =
        new JcaPKCS10CertificationRequestBuilder(
            new X500Name(name.toString()), certified.getPublic());
    return Pem.encode(
        builder.build(
            new JcaContentSignerBuilder(CertificateRequests.signatureAlgorithm(signing))
                .build(signing.getPrivate())));
  }

  private static String withSan(String cluster, KeyPair keys) throws Exception {
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "hub.example.com")));
    var builder =
        new JcaPKCS10CertificationRequestBuilder(
            new X500Name(
                "CN=system:open-cluster-management:"
                    + cluster
                    + ":a,O=system:open-cluster-management:"
                    + cluster),
            keys.getPublic());
    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    return Pem.encode(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }
}
