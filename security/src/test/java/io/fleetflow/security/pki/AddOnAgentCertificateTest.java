package io.fleetflow.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.CsrRejectedException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An add-on agent's request (OCM's add-on registration) is signed by the cluster signer for that
 * add-on's groups on that cluster only; a join never takes one, and the agents' front door never
 * takes an add-on's certificate for a cluster's.
 */
class AddOnAgentCertificateTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final KeyPair KEYS = ClusterSigner.newKeyPair();
  private static final String CN =
      "system:open-cluster-management:cluster:c1:addon:probe:agent:probe-agent";

  @TempDir Path dir;
  private ClusterSigner signer;

  @BeforeEach
  void createSigner() {
    ClusterSigner.createIfMissing(dir, "fleetflow-cluster-signer");
    signer = ClusterSigner.load(dir);
  }

  @Test
  void anAddOnAgentsRequestIsSignedWithItsAddOnsGroups() {
    String pem =
        CertificateRequests.create(
            ClusterNames.addOnCommonName("c1", "probe", "probe-agent"),
            ClusterNames.addOnGroups("c1", "probe"),
            KEYS);

    ClusterCsr csr = ClusterCsr.parseAny(pem, "c1");
    X509Certificate certificate = signer.issue(csr, Duration.ofHours(1), NOW);

    assertThat(csr.addOn()).isEqualTo("probe");
    assertThat(csr.agent()).isEqualTo("probe-agent");
    assertThat(certificate.getSubjectX500Principal().getName())
        .contains(
            "CN=" + CN,
            "O=system:open-cluster-management:cluster:c1:addon:probe",
            "O=system:open-cluster-management:addon:probe");
    assertThat(CertificateRequests.publicKey(pem)).isEqualTo(KEYS.getPublic());
  }

  @Test
  void aJoinNeverTakesAnAddOnsRequest() {
    String pem = CertificateRequests.create(CN, ClusterNames.addOnGroups("c1", "probe"), KEYS);

    assertThatThrownBy(() -> ClusterCsr.parse(pem, "c1"))
        .isInstanceOf(CsrRejectedException.class)
        .hasMessageContaining("must be system:open-cluster-management:<cluster>:<agent>");
  }

  @Test
  void theFrontDoorTakesAnAddOnsCertificateForNoCluster() {
    String pem = CertificateRequests.create(CN, ClusterNames.addOnGroups("c1", "probe"), KEYS);
    X509Certificate certificate =
        signer.issue(ClusterCsr.parseAny(pem, "c1"), Duration.ofHours(1), NOW);

    assertThatThrownBy(
            () -> AgentCertificates.verify(certificate, signer.certificate(), NOW.plusSeconds(1)))
        .isInstanceOf(AgentCertificates.CertificateRefusedException.class)
        .hasMessageContaining("names no cluster");
  }

  static Stream<Arguments> badAddOnRequests() {
    return Stream.of(
        Arguments.of(
            "another cluster's add-on",
            ClusterNames.addOnCommonName("c2", "probe", "probe-agent"),
            ClusterNames.addOnGroups("c2", "probe"),
            "an agent may only ask for its own cluster's certificate"),
        Arguments.of(
            "a group that would grant more",
            CN,
            List.of(ClusterNames.addOnGroup("c1", "probe"), "system:masters"),
            "\"system:masters\" is not allowed for add-on probe"),
        Arguments.of(
            "another add-on's group",
            CN,
            List.of(ClusterNames.addOnGroup("c1", "probe"), ClusterNames.addOnGroup("c1", "other")),
            "is not allowed for add-on probe"),
        Arguments.of(
            "without its add-on's group",
            CN,
            List.of("system:authenticated"),
            "must include system:open-cluster-management:cluster:c1:addon:probe"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAddOnRequests")
  void badAddOnRequestsAreRefusedWithAReason(
      String scenario, String commonName, List<String> groups, String message) {
    String pem = CertificateRequests.create(commonName, groups, KEYS);

    assertThatThrownBy(() -> ClusterCsr.parseAny(pem, "c1"))
        .isInstanceOf(CsrRejectedException.class)
        .hasMessageContaining(message);
  }
}
