package io.fleetflow.gateway.auth;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Only health and discovery are open; every resource, core events included, needs a token. */
@GatewayMvcTest
class OpenPathsTest {
  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(registry, "admin-token,alice,1,\"fleetflow:admins\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/events",
        "/api/v1/namespaces/default/events",
        "/apis/cluster.open-cluster-management.io/v1/managedclusters"
      })
  void resourcesWithoutATokenAreUnauthorized(String path) throws Exception {
    mvc.perform(get(path)).andExpect(failure(401, "Unauthorized"));

    verifyNoInteractions(workflowClient);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/healthz",
        "/version",
        "/api",
        "/api/v1",
        "/apis",
        "/apis/cluster.open-cluster-management.io/v1"
      })
  void healthAndDiscoveryStayOpen(String path) throws Exception {
    mvc.perform(get(path)).andExpect(status().isOk());
  }

  @Test
  void anEventsRequestWithATokenIsServed() throws Exception {
    org.mockito.Mockito.when(
            workflowClient.listExecutions(org.mockito.ArgumentMatchers.anyString()))
        .thenReturn(java.util.stream.Stream.empty());

    mvc.perform(get("/api/v1/events").header("Authorization", "Bearer admin-token"))
        .andExpect(status().isOk());
  }
}
