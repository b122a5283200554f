package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** kubectl finds Fleetflow's kinds through discovery, as it would on a Kubernetes API server. */
@GatewayMvcTest
class DiscoveryControllerTest {
  /** What kubectl 1.30+ sends first, hoping for aggregated discovery. */
  private static final String KUBECTL_AGGREGATED_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @AfterEach
  void discoveryNeverTouchesAWorkflow() {
    verifyNoInteractions(workflowClient);
  }

  @Test
  void theGroupListNamesOcmsGroupsFleetflowsOwnAndCertificates() throws Exception {
    mvc.perform(get("/apis"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.kind").value("APIGroupList"))
        .andExpect(
            jsonPath("$.groups[*].name")
                .value(
                    containsInAnyOrder(
                        "cluster.open-cluster-management.io",
                        "work.open-cluster-management.io",
                        "view.open-cluster-management.io",
                        "action.open-cluster-management.io",
                        "addon.open-cluster-management.io",
                        "fleetflow.io",
                        "certificates.k8s.io",
                        "rbac.authorization.k8s.io",
                        "authorization.k8s.io")))
        .andExpect(
            jsonPath(
                    "$.groups[?(@.name == 'work.open-cluster-management.io')].preferredVersion.groupVersion")
                .value(contains("work.open-cluster-management.io/v1")));
  }

  @Test
  void theAddOnGroupPrefersV1alpha1AndServesItsTwoKindsAtV1beta1AsOcmDoes() throws Exception {
    mvc.perform(get("/apis"))
        .andExpect(
            jsonPath(
                    "$.groups[?(@.name == 'addon.open-cluster-management.io')].versions[*].version")
                .value(contains("v1alpha1", "v1beta1")))
        .andExpect(
            jsonPath(
                    "$.groups[?(@.name == 'addon.open-cluster-management.io')].preferredVersion.version")
                .value(contains("v1alpha1")));
    mvc.perform(get("/apis/addon.open-cluster-management.io/v1beta1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.groupVersion").value("addon.open-cluster-management.io/v1beta1"))
        .andExpect(
            jsonPath("$.resources[*].name")
                .value(containsInAnyOrder("clustermanagementaddons", "managedclusteraddons")));
  }

  @Test
  void aLegacyAnswerToAnAggregatedDiscoveryRequestIsLabelledPlainJson() throws Exception {
    mvc.perform(get("/apis").header("Accept", KUBECTL_AGGREGATED_ACCEPT))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/json"))
        .andExpect(jsonPath("$.kind").value("APIGroupList"));
    mvc.perform(
            get("/apis/work.open-cluster-management.io/v1")
                .header("Accept", KUBECTL_AGGREGATED_ACCEPT))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/json"))
        .andExpect(jsonPath("$.kind").value("APIResourceList"));
  }

  @Test
  void theWorkGroupServesNamespacedManifestWorksWithShortNameMw() throws Exception {
    mvc.perform(get("/apis/work.open-cluster-management.io/v1"))
        .andExpect(status().isOk())
        .andExpect(content().contentType("application/json"))
        .andExpect(jsonPath("$.kind").value("APIResourceList"))
        .andExpect(jsonPath("$.groupVersion").value("work.open-cluster-management.io/v1"))
        .andExpect(jsonPath("$.resources.length()").value(1))
        .andExpect(jsonPath("$.resources[0].name").value("manifestworks"))
        .andExpect(jsonPath("$.resources[0].singularName").value("manifestwork"))
        .andExpect(jsonPath("$.resources[0].kind").value("ManifestWork"))
        .andExpect(jsonPath("$.resources[0].namespaced").value(true))
        .andExpect(jsonPath("$.resources[0].shortNames").value(contains("mw")))
        .andExpect(
            jsonPath("$.resources[0].verbs")
                .value(
                    containsInAnyOrder(
                        "create", "delete", "get", "list", "patch", "update", "watch")));
  }

  @Test
  void theClusterGroupServesClusterScopedManagedClusters() throws Exception {
    mvc.perform(get("/apis/cluster.open-cluster-management.io/v1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.resources[0].name").value("managedclusters"))
        .andExpect(jsonPath("$.resources[0].namespaced").value(false))
        .andExpect(jsonPath("$.resources[0].shortNames").value(contains("mcl", "mcls")));
  }

  @Test
  void anUnknownGroupVersionIsNotFound() throws Exception {
    mvc.perform(get("/apis/work.open-cluster-management.io/v1beta9"))
        .andExpect(failure(404, "NotFound"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    "the server could not find the requested resource (group version"
                        + " work.open-cluster-management.io/v1beta9)"));
  }

  @Test
  void theCoreApiServesEventsAndNamespacesAndHealthIsOk() throws Exception {
    mvc.perform(get("/api"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.kind").value("APIVersions"))
        .andExpect(jsonPath("$.versions").value(contains("v1")));
    mvc.perform(get("/api/v1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.resources[*].name").value(contains("events", "namespaces")))
        .andExpect(jsonPath("$.resources[0].verbs").value(contains("get", "list")));
    mvc.perform(get("/healthz")).andExpect(status().isOk()).andExpect(content().string("ok"));
    mvc.perform(get("/version"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.major").value("1"))
        .andExpect(jsonPath("$.gitVersion").isNotEmpty());
  }
}
