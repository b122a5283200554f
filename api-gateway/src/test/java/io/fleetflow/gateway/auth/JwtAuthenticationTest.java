package io.fleetflow.gateway.auth;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A gateway configured with a JWT issuer (here a local public key) accepts that issuer's tokens,
 * maps their subject and groups to the caller, refuses expired tokens, tokens of another issuer and
 * tokens signed by another key with 401 and the reason, and still accepts its static tokens.
 */
@GatewayMvcTest
class JwtAuthenticationTest {
  private static final String CLUSTERS =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters";
  private static final String INVALID_CLUSTER =
      """
      {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
       "metadata": {"name": "Bad_Name"}}
      """;
  private static final TestIssuer ISSUER = new TestIssuer();

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @DynamicPropertySource
  static void issuer(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(registry, "viewer-token,bob,2,\"fleetflow:viewers\"");
    registry.add("fleetflow.gateway.jwt.issuer", () -> TestIssuer.ISSUER);
    registry.add("fleetflow.gateway.jwt.public-key-file", ISSUER::publicKeyFile);
  }

  @Test
  void aTokenOfTheIssuerNamesTheCallerAndItsGroups() throws Exception {
    String viewer = ISSUER.token("alice", List.of("fleetflow:viewers"));
    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer " + viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.kind").value("ManagedClusterList"));
    verify(workflowClient).listExecutions(contains("FleetflowKind = 'ManagedCluster'"));

    // The groups claim decides the role: a viewer's write is refused in alice's name.
    mvc.perform(
            post(CLUSTERS)
                .header("Authorization", "Bearer " + viewer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(INVALID_CLUSTER))
        .andExpect(failure(403, "Forbidden"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    containsString("User \"alice\" cannot create resource \"managedclusters\"")));

    String admin = ISSUER.token("carol", List.of("fleetflow:admins"));
    mvc.perform(
            post(CLUSTERS)
                .header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content(INVALID_CLUSTER))
        .andExpect(failure(422, "Invalid"));
  }

  @Test
  void anExpiredTokenIsUnauthorizedAndSaysSo() throws Exception {
    String expired =
        ISSUER.token(
            TestIssuer.ISSUER,
            "alice",
            List.of("fleetflow:admins"),
            Instant.now().minus(Duration.ofMinutes(5)));

    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer " + expired))
        .andExpect(failure(401, "Unauthorized"))
        .andExpect(
            jsonPath("$.message")
                .value(allOf(containsString("expired"), containsString("./fleetflow token"))));
    verifyNoInteractions(workflowClient);
  }

  @Test
  void aTokenOfAnotherIssuerIsUnauthorized() throws Exception {
    String foreign =
        ISSUER.token(
            "https://elsewhere.test",
            "alice",
            List.of("fleetflow:admins"),
            Instant.now().plus(Duration.ofHours(1)));

    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer " + foreign))
        .andExpect(failure(401, "Unauthorized"))
        .andExpect(jsonPath("$.message").value(containsString("iss")));
    verifyNoInteractions(workflowClient);
  }

  @Test
  void aTokenSignedWithAnotherKeyIsUnauthorized() throws Exception {
    String forged = new TestIssuer().token("mallory", List.of("fleetflow:admins"));

    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer " + forged))
        .andExpect(failure(401, "Unauthorized"))
        .andExpect(jsonPath("$.message").value(containsString("signature")));
    verifyNoInteractions(workflowClient);
  }

  @Test
  void aTamperedTokenIsUnauthorized() throws Exception {
    String[] parts = ISSUER.token("alice", List.of("fleetflow:viewers")).split("\\.");
    String promoted =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"iss\":\""
                        + TestIssuer.ISSUER
                        + "\",\"sub\":\"alice\","
                        + "\"groups\":[\"fleetflow:admins\"],\"exp\":4102444800}")
                    .getBytes());

    mvc.perform(
            get(CLUSTERS)
                .header("Authorization", "Bearer " + parts[0] + "." + promoted + "." + parts[2]))
        .andExpect(failure(401, "Unauthorized"));
    verifyNoInteractions(workflowClient);
  }

  @Test
  void staticTokensStillWork() throws Exception {
    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer viewer-token"))
        .andExpect(status().isOk());
    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer guessed"))
        .andExpect(failure(401, "Unauthorized"));
  }
}
