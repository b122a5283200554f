package io.fleetflow.gateway.auth;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.security.pki.CertificateRequests;
import io.fleetflow.security.pki.ClusterSigner;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An add-on's agent authenticates with the client certificate the hub issued it, as a Kubernetes
 * API server's x509 authenticator takes one: CN is the user, O the groups. With no RoleBinding for
 * those groups it may do nothing, and an expired certificate authenticates no one.
 */
@GatewayMvcTest
class ClientCertificateAuthTest {
  private static final String USER = ClusterNames.addOnCommonName("east", "probe", "probe-agent");
  private static final String ADDONS =
      "/apis/addon.open-cluster-management.io/v1alpha1/namespaces/west/managedclusteraddons";
  private static final Instant NOW = Instant.now();

  private static X509Certificate valid;
  private static X509Certificate expired;

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(registry, "admin-token,alice,1,\"fleetflow:admins\"");
  }

  @BeforeAll
  static void issue() throws IOException {
    Path dir = Files.createTempDirectory("signer");
    ClusterSigner.createIfMissing(dir, "fleetflow-cluster-signer");
    ClusterSigner signer = ClusterSigner.load(dir);
    ClusterCsr csr =
        ClusterCsr.parseAny(
            CertificateRequests.create(
                USER, ClusterNames.addOnGroups("east", "probe"), ClusterSigner.newKeyPair()),
            "east");
    valid = signer.issue(csr, Duration.ofHours(1), NOW);
    expired = signer.issue(csr, Duration.ofSeconds(1), NOW.minus(Duration.ofHours(1)));
  }

  @Test
  void theCertificatesCommonNameIsTheUserAndItsOrganizationsTheGroups() {
    Principal principal =
        ClientCertificates.authenticate(new X509Certificate[] {valid}, new Date()).orElseThrow();

    assertThat(principal.user()).isEqualTo(USER);
    assertThat(principal.groups())
        .containsExactlyInAnyOrderElementsOf(ClusterNames.addOnGroups("east", "probe"));
    assertThat(ClientCertificates.authenticate(null, new Date())).isEmpty();
  }

  @Test
  void anAddOnAgentWithoutABindingIsForbiddenInWordsThatNameIt() throws Exception {
    mvc.perform(get(ADDONS).requestAttr(ClientCertificates.ATTRIBUTE, chain(valid)))
        .andExpect(failure(403, "Forbidden"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    containsString(
                        "User \""
                            + USER
                            + "\" cannot list resource \"managedclusteraddons\" in API group"
                            + " \"addon.open-cluster-management.io\" in the namespace \"west\"")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void anExpiredCertificateIsUnauthorized() throws Exception {
    mvc.perform(get(ADDONS).requestAttr(ClientCertificates.ATTRIBUTE, chain(expired)))
        .andExpect(failure(401, "Unauthorized"))
        .andExpect(jsonPath("$.message").value(containsString("the client certificate expired")));
    assertThatThrownBy(() -> ClientCertificates.authenticate(chain(expired), new Date()))
        .isInstanceOf(ClientCertificates.CertificateRejected.class);

    verifyNoInteractions(workflowClient);
  }

  private static X509Certificate[] chain(X509Certificate leaf) {
    return List.of(leaf).toArray(X509Certificate[]::new);
  }
}
