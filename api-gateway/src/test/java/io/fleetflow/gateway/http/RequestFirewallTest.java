package io.fleetflow.gateway.http;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import io.fleetflow.gateway.GatewayMvcTest;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Path tricks, multipart bodies and the container's error path get a Status and reach no workflow.
 */
@GatewayMvcTest
class RequestFirewallTest {
  private static final String CLUSTER1 =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters/cluster1";

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @AfterEach
  void nothingReachedAWorkflow() {
    verifyNoInteractions(workflowClient);
  }

  @Test
  void aDeleteWithMatrixParametersIsRefusedInsteadOfDeletingCluster1() throws Exception {
    mvc.perform(delete(CLUSTER1 + ";x=y"))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("matrix parameters")));
  }

  @Test
  void aMultipartBodyIsUnsupportedOnEveryPathHealthIncluded() throws Exception {
    mvc.perform(multipart("/healthz").file("a", "b".getBytes()))
        .andExpect(failure(415, "UnsupportedMediaType"));
    mvc.perform(get("/healthz").contentType("multipart/form-data; boundary=x").content("--x--"))
        .andExpect(failure(415, "UnsupportedMediaType"));
    mvc.perform(
            post("/apis/cluster.open-cluster-management.io/v1/managedclusters")
                .contentType("multipart/form-data; boundary=x")
                .content("--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--"))
        .andExpect(failure(415, "UnsupportedMediaType"));
  }

  @Test
  void theErrorPathAskedForDirectlyIsNotFound() throws Exception {
    mvc.perform(get("/error")).andExpect(failure(404, "NotFound"));
    mvc.perform(post("/error")).andExpect(failure(404, "NotFound"));
  }

  @Test
  void anErrorTheContainerForwardsKeepsItsCodeAsAStatus() throws Exception {
    mvc.perform(
            get("/error")
                .requestAttr("jakarta.servlet.error.status_code", 400)
                .requestAttr(
                    "jakarta.servlet.error.exception",
                    new IllegalArgumentException("Request header is too large")))
        .andExpect(failure(431, "RequestHeaderFieldsTooLarge"));
  }
}
