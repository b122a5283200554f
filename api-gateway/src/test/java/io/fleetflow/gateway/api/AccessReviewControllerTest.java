package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * What {@code kubectl auth can-i} sends: a SelfSubjectAccessReview answered by the RBAC policy that
 * authorizes every request, with the binding that allows it; a SelfSubjectRulesReview listing the
 * caller's rules in a namespace; malformed reviews refused with a 400.
 */
@GatewayMvcTest
class AccessReviewControllerTest {
  private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

  @Autowired private MockMvc mvc;

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(
        registry,
        "operator-token,olga,1,\"fleetflow:operators\"",
        "approver-token,arne,2,\"fleetflow:approvers\"");
  }

  @Test
  void anApproverMayAcceptClustersAndTheAnswerNamesTheBinding() throws Exception {
    review("approver-token", accept())
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.status.allowed").value(true))
        .andExpect(
            jsonPath("$.status.reason")
                .value(
                    "RBAC: allowed by ClusterRoleBinding \"fleetflow:approvers\" of ClusterRole"
                        + " \"fleetflow:approver\" to Group \"fleetflow:approvers\""));
  }

  @Test
  void anOperatorMayNotAcceptClusters() throws Exception {
    review("operator-token", accept())
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.status.allowed").value(false))
        .andExpect(
            jsonPath("$.status.reason")
                .value(
                    "no RBAC rule allows user \"olga\" to update resource"
                        + " \"managedclusters/accept\" in API group"
                        + " \"register.open-cluster-management.io\" at the cluster scope"));
  }

  @Test
  void theRulesReviewListsTheCallersRulesInANamespace() throws Exception {
    mvc.perform(
            post("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .header("Authorization", "Bearer approver-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                        + "\"spec\":{\"namespace\":\"apps\"}}"))
        .andExpect(status().isCreated())
        .andExpect(
            jsonPath("$.status.resourceRules[*].resources[*]")
                .value(org.hamcrest.Matchers.hasItem("managedclusters/accept")));
  }

  @Test
  void aReviewOfNothingIsABadRequest() throws Exception {
    review("operator-token", "{}").andExpect(failure(400, "BadRequest"));
    review(
            "operator-token",
            "{\"resourceAttributes\":{\"verb\":\"get\"},\"nonResourceAttributes\":{\"path\":\"/x\"}}")
        .andExpect(failure(400, "BadRequest"));
  }

  private ResultActions review(String token, String spec) throws Exception {
    return mvc.perform(
        post(REVIEWS)
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                    + "\"spec\":"
                    + spec
                    + "}"));
  }

  private static String accept() {
    return "{\"resourceAttributes\":{\"verb\":\"update\",\"group\":"
        + "\"register.open-cluster-management.io\",\"resource\":\"managedclusters\","
        + "\"subresource\":\"accept\",\"name\":\"cluster1\"}}";
  }
}
