package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * clusteradm reads a namespace before it lists placements in it; on Fleetflow's hub namespaces are
 * implicit, so any caller with a token reads any well-named one as Active, and nobody else.
 */
@GatewayMvcTest
class NamespaceControllerTest {
  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(registry, "viewer-token,vera,3,\"fleetflow:viewers\"");
  }

  @AfterEach
  void noWorkflowIsAsked() {
    verifyNoInteractions(workflowClient);
  }

  @Test
  void aViewerReadsAnyWellNamedNamespaceAsActive() throws Exception {
    mvc.perform(get("/api/v1/namespaces/team-a").header("Authorization", "Bearer viewer-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.kind").value("Namespace"))
        .andExpect(jsonPath("$.apiVersion").value("v1"))
        .andExpect(jsonPath("$.metadata.name").value("team-a"))
        .andExpect(jsonPath("$.status.phase").value("Active"));
  }

  @Test
  void aNameNoNamespaceCanHaveIsNotFound() throws Exception {
    mvc.perform(get("/api/v1/namespaces/Team_A").header("Authorization", "Bearer viewer-token"))
        .andExpect(failure(404, "NotFound"));
  }

  @Test
  void withoutATokenNobodyReadsANamespace() throws Exception {
    mvc.perform(get("/api/v1/namespaces/team-a")).andExpect(failure(401, "Unauthorized"));
  }

  @Test
  void namespacesCannotBeDeleted() throws Exception {
    mvc.perform(delete("/api/v1/namespaces/team-a").header("Authorization", "Bearer viewer-token"))
        .andExpect(status().is4xxClientError());
  }
}
