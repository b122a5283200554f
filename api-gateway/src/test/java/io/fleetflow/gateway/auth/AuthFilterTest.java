package io.fleetflow.gateway.auth;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** With a tokens file, every API call needs a bearer token, and viewers may only read (RBAC). */
@GatewayMvcTest
class AuthFilterTest {
  private static final String CLUSTERS =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters";
  private static final String INVALID_CLUSTER =
      """
      {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
       "metadata": {"name": "Bad_Name"}}
      """;

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(
        registry,
        "# token,user,uid,groups",
        "admin-token,alice,1,\"fleetflow:admins\"",
        "viewer-token,bob,2,\"fleetflow:viewers\"");
  }

  @Test
  void aCallWithoutATokenIsUnauthorized() throws Exception {
    mvc.perform(get(CLUSTERS))
        .andExpect(failure(401, "Unauthorized"))
        .andExpect(jsonPath("$.message").value(containsString("send a valid bearer token")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aCallWithAnUnknownTokenIsUnauthorized() throws Exception {
    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer guessed"))
        .andExpect(failure(401, "Unauthorized"));
    mvc.perform(get(CLUSTERS).header("Authorization", "Basic YWxpY2U6c2VjcmV0"))
        .andExpect(failure(401, "Unauthorized"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aViewerMayNotCreate() throws Exception {
    mvc.perform(
            post(CLUSTERS)
                .header("Authorization", "Bearer viewer-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content(INVALID_CLUSTER))
        .andExpect(failure(403, "Forbidden"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    "managedclusters.cluster.open-cluster-management.io is forbidden:"
                        + " User \"bob\" cannot create resource \"managedclusters\" in API group"
                        + " \"cluster.open-cluster-management.io\" at the cluster scope"
                        + " (ClusterRole fleetflow:operator grants it)"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aViewerMayList() throws Exception {
    mvc.perform(get(CLUSTERS).header("Authorization", "Bearer viewer-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.kind").value("ManagedClusterList"))
        .andExpect(jsonPath("$.items").isEmpty());

    verify(workflowClient).listExecutions(contains("FleetflowKind = 'ManagedCluster'"));
  }

  @Test
  void anAdminsWriteGetsPastTheFilterToValidation() throws Exception {
    mvc.perform(
            post(CLUSTERS)
                .header("Authorization", "Bearer admin-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content(INVALID_CLUSTER))
        .andExpect(failure(422, "Invalid"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void discoveryOpenApiAndHealthNeedNoToken() throws Exception {
    mvc.perform(get("/apis")).andExpect(status().isOk());
    mvc.perform(get("/apis/work.open-cluster-management.io/v1")).andExpect(status().isOk());
    mvc.perform(get("/openapi/v3")).andExpect(status().isOk());
    mvc.perform(get("/healthz")).andExpect(status().isOk());
    mvc.perform(get("/version")).andExpect(status().isOk());

    verifyNoInteractions(workflowClient);
  }
}
