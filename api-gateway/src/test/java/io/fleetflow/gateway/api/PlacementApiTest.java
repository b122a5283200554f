package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import io.fleetflow.gateway.GatewayMvcTest;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Placements with bad selectors, weights, prioritizers, CEL, percentages or tolerations are refused
 * with 422 and the field named, before any workflow is touched; PlacementDecisions are read-only.
 */
@GatewayMvcTest
class PlacementApiTest {
  private static final String PLACEMENTS =
      "/apis/cluster.open-cluster-management.io/v1beta1/namespaces/apps/placements";
  private static final String DECISIONS =
      "/apis/cluster.open-cluster-management.io/v1beta1/namespaces/apps/placementdecisions";
  private static final String SCORES =
      "/apis/cluster.open-cluster-management.io/v1alpha1/namespaces/cluster1/addonplacementscores";

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "invalid selector|{\"predicates\": [{\"requiredClusterSelector\": {\"labelSelector\":"
            + " {\"matchExpressions\": [{\"key\": \"env\", \"operator\": \"Equals\"}]}}}]}"
            + "|spec.predicates[0].requiredClusterSelector.labelSelector.matchExpressions[0].operator"
            + "|supported values: In, NotIn, Exists, DoesNotExist",
        "weight out of range|{\"prioritizerPolicy\": {\"configurations\": [{\"scoreCoordinate\":"
            + " {\"builtIn\": \"Steady\"}, \"weight\": 20}]}}"
            + "|spec.prioritizerPolicy.configurations[0].weight|must be from -10 to 10, got 20",
        "unknown prioritizer|{\"prioritizerPolicy\": {\"configurations\": [{\"scoreCoordinate\":"
            + " {\"builtIn\": \"Cheapest\"}}]}}"
            + "|spec.prioritizerPolicy.configurations[0].scoreCoordinate.builtIn"
            + "|supported values: Balance, Steady, ResourceAllocatableCPU, ResourceAllocatableMemory",
        "bad CEL expression|{\"predicates\": [{\"requiredClusterSelector\": {\"celSelector\":"
            + " {\"celExpressions\": [\"managedCluster.metadata.labels[\\\"env\\\"] ==\"]}}}]}"
            + "|spec.predicates[0].requiredClusterSelector.celSelector.celExpressions[0]"
            + "|not a CEL expression that yields a bool",
        "bad percentage|{\"decisionStrategy\": {\"groupStrategy\": {\"clustersPerDecisionGroup\":"
            + " \"120%\"}}}"
            + "|spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup"
            + "|a percentage must be from 1% to 100%, got 120%",
        "bad toleration|{\"tolerations\": [{\"key\": \"gpu\", \"operator\": \"Exists\", \"value\":"
            + " \"yes\"}]}|spec.tolerations[0].value|operator Exists takes no value",
      })
  void aBadPlacementIsRefusedWithTheFieldAndTheFix(
      String what, String spec, String field, String message) throws Exception {
    String placement =
        "{\"apiVersion\": \"cluster.open-cluster-management.io/v1beta1\", \"kind\": \"Placement\","
            + " \"metadata\": {\"name\": \"web\"}, \"spec\": "
            + spec
            + "}";

    mvc.perform(post(PLACEMENTS).contentType(MediaType.APPLICATION_JSON).content(placement))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.kind").value("Placement"))
        .andExpect(jsonPath("$.details.causes[0].field").value(field))
        .andExpect(jsonPath("$.details.causes[0].message").value(containsString(message)));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aScoreOutOfRangeIsRefused() throws Exception {
    String score =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1alpha1", "kind": "AddOnPlacementScore",
         "metadata": {"name": "usage"}, "status": {"scores": [{"name": "cpu", "value": 300}]}}
        """;

    mvc.perform(post(SCORES).contentType(MediaType.APPLICATION_JSON).content(score))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("status.scores[0].value"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void placementDecisionsCannotBeWritten() throws Exception {
    String decision =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1beta1", "kind": "PlacementDecision",
         "metadata": {"name": "web-decision-1"}}
        """;

    mvc.perform(post(DECISIONS).contentType(MediaType.APPLICATION_JSON).content(decision))
        .andExpect(failure(405, "MethodNotAllowed"))
        .andExpect(jsonPath("$.message").value(containsString("change the owner instead")));
    mvc.perform(
            put(DECISIONS + "/web-decision-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(decision))
        .andExpect(failure(405, "MethodNotAllowed"));
    mvc.perform(
            patch(DECISIONS + "/web-decision-1")
                .contentType("application/merge-patch+json")
                .content("{\"metadata\": {\"labels\": {\"a\": \"b\"}}}"))
        .andExpect(failure(405, "MethodNotAllowed"));
    mvc.perform(delete(DECISIONS + "/web-decision-1")).andExpect(failure(405, "MethodNotAllowed"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aPlacementDecisionIsReadFromItsPlacementsWorkflow() throws Exception {
    io.fleetflow.model.placement.PlacementDecision decision =
        new io.fleetflow.model.placement.PlacementDecision();
    decision.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    decision.getMetadata().setName("web-decision-1");
    decision.getMetadata().setNamespace("apps");
    decision
        .getMetadata()
        .setLabels(java.util.Map.of("cluster.open-cluster-management.io/placement", "web"));
    decision
        .getStatus()
        .getDecisions()
        .add(new io.fleetflow.model.placement.PlacementDecision.ClusterDecision("c1", ""));
    io.temporal.client.WorkflowStub web =
        org.mockito.Mockito.mock(io.temporal.client.WorkflowStub.class);
    org.mockito.Mockito.when(workflowClient.newUntypedWorkflowStub("Placement/apps/web"))
        .thenReturn(web);
    org.mockito.Mockito.when(
            web.query("placementDecisions", io.fleetflow.model.placement.PlacementDecision[].class))
        .thenReturn(new io.fleetflow.model.placement.PlacementDecision[] {decision});

    mvc.perform(get(DECISIONS + "/web-decision-1"))
        .andExpect(
            org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk())
        .andExpect(jsonPath("$.status.decisions[0].clusterName").value("c1"));
    mvc.perform(get(DECISIONS + "/web-decision-2")).andExpect(failure(404, "NotFound"));
    mvc.perform(get(DECISIONS + "/web")).andExpect(failure(404, "NotFound"));
  }

  @Test
  void discoveryOffersOnlyReadsOfPlacementDecisions() throws Exception {
    mvc.perform(get("/apis/cluster.open-cluster-management.io/v1beta1"))
        .andExpect(
            jsonPath("$.resources[?(@.name == 'placementdecisions')].verbs[*]")
                .value(org.hamcrest.Matchers.containsInAnyOrder("get", "list", "watch")))
        .andExpect(
            jsonPath("$.resources[?(@.name == 'placements')].verbs[*]")
                .value(org.hamcrest.Matchers.hasItem("create")));
  }
}
