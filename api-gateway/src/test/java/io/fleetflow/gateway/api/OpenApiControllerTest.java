package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.gateway.GatewayMvcTest;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * kubectl apply reads the OpenAPI v3 documents to learn that the server validates fields itself: it
 * looks for the {@code fieldValidation} parameter on the PATCH of the object's kind.
 */
@GatewayMvcTest
class OpenApiControllerTest {
  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;
  @Autowired private ObjectMapper json;

  @AfterEach
  void openApiNeverTouchesAWorkflow() {
    verifyNoInteractions(workflowClient);
  }

  @Test
  void theRootListsADocumentPerGroupVersion() throws Exception {
    JsonNode root = read("/openapi/v3");

    assertThat(root.path("paths").properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrder(
            "apis/cluster.open-cluster-management.io/v1",
            "apis/cluster.open-cluster-management.io/v1beta2",
            "apis/cluster.open-cluster-management.io/v1beta1",
            "apis/cluster.open-cluster-management.io/v1alpha1",
            "apis/work.open-cluster-management.io/v1",
            "apis/work.open-cluster-management.io/v1alpha1",
            "apis/view.open-cluster-management.io/v1beta1",
            "apis/action.open-cluster-management.io/v1beta1",
            "apis/addon.open-cluster-management.io/v1alpha1",
            "apis/addon.open-cluster-management.io/v1beta1",
            "apis/fleetflow.io/v1alpha1",
            "apis/certificates.k8s.io/v1",
            "apis/rbac.authorization.k8s.io/v1");
    assertThat(
            root.at("/paths/apis~1work.open-cluster-management.io~1v1/serverRelativeURL").asText())
        .startsWith("/openapi/v3/apis/work.open-cluster-management.io/v1");
  }

  @Test
  void theWorkDocumentHasAPatchWithFieldValidationAndTheKind() throws Exception {
    String url =
        read("/openapi/v3")
            .at("/paths/apis~1work.open-cluster-management.io~1v1/serverRelativeURL")
            .asText();

    JsonNode doc = read(url);

    assertThat(doc.path("openapi").asText()).startsWith("3.");
    JsonNode patch =
        doc.path("paths")
            .path(
                "/apis/work.open-cluster-management.io/v1/namespaces/{namespace}/manifestworks/{name}")
            .path("patch");
    assertThat(patch.isObject()).as("PATCH of a namespaced ManifestWork in %s", doc).isTrue();
    assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
    assertThat(patch.path("parameters").get(0).path("in").asText()).isEqualTo("query");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("group").asText())
        .isEqualTo("work.open-cluster-management.io");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("version").asText())
        .isEqualTo("v1");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("ManifestWork");
  }

  @Test
  void theClusterDocumentHasAClusterScopedPatch() throws Exception {
    JsonNode doc = read("/openapi/v3/apis/cluster.open-cluster-management.io/v1");

    JsonNode patch =
        doc.path("paths")
            .path("/apis/cluster.open-cluster-management.io/v1/managedclusters/{name}")
            .path("patch");
    assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("ManagedCluster");
  }

  private JsonNode read(String url) throws Exception {
    String body =
        mvc.perform(get(url))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return json.readTree(body);
  }
}
