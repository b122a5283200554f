package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.RolloutCommand;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A kind's declared subresources go to its workflow: rollout controls as Updates with the caller as
 * the actor (only approvers and admins approve, viewers change nothing), the history as a Query,
 * undeclared ones are not found; replica sets with bad strategies or unknown placements are refused
 * before any workflow is touched.
 */
@GatewayMvcTest
class SubresourceControllerTest {
  private static final String SETS =
      "/apis/work.open-cluster-management.io/v1alpha1/namespaces/apps/manifestworkreplicasets";
  private static final String HELLO = SETS + "/hello";
  private static final String SET =
      """
      {"apiVersion": "work.open-cluster-management.io/v1alpha1", "kind": "ManifestWorkReplicaSet",
       "metadata": {"name": "hello"},
       "spec": {
         "placementRefs": [{"name": "%s", "rolloutStrategy": {"type": "Progressive",
           "progressive": {"maxConcurrency": %s}}}],
         "manifestWorkTemplate": {"workload": {"manifests": [
           {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "greeting", "namespace": "default"}}]}}}}
      """;

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;
  private final WorkflowStub hello = mock(WorkflowStub.class);

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(
        registry,
        "operator-token,olga,1,\"fleetflow:operators\"",
        "approver-token,arne,2,\"fleetflow:approvers\"",
        "viewer-token,vera,3,\"fleetflow:viewers\"");
  }

  @BeforeEach
  void aRollout() {
    ManifestWorkReplicaSet set = new ManifestWorkReplicaSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setNamespace("apps");
    set.getMetadata().setName("hello");
    when(workflowClient.newUntypedWorkflowStub("ManifestWorkReplicaSet/apps/hello"))
        .thenReturn(hello);
    when(hello.query("get", ManifestWorkReplicaSet.class)).thenReturn(set);
    when(hello.update(anyString(), eq(ManifestWorkReplicaSet.class), any(), any())).thenReturn(set);
  }

  @Test
  void anApproverApprovesWithACommentAndIsRecordedAsTheActor() throws Exception {
    mvc.perform(control("approve", "approver-token").content("{\"comment\":\"canary is healthy\"}"))
        .andExpect(status().isOk());

    ArgumentCaptor<RolloutCommand> command = ArgumentCaptor.forClass(RolloutCommand.class);
    ArgumentCaptor<Actor> actor = ArgumentCaptor.forClass(Actor.class);
    verify(hello)
        .update(
            eq("approve"), eq(ManifestWorkReplicaSet.class), command.capture(), actor.capture());
    org.assertj.core.api.Assertions.assertThat(command.getValue().comment())
        .isEqualTo("canary is healthy");
    org.assertj.core.api.Assertions.assertThat(actor.getValue().user()).isEqualTo("arne");
  }

  @Test
  void aViewerOrAnOperatorMayNotApprove() throws Exception {
    mvc.perform(control("approve", "viewer-token")).andExpect(failure(403, "Forbidden"));
    mvc.perform(control("approve", "operator-token"))
        .andExpect(failure(403, "Forbidden"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    containsString("cannot create resource \"manifestworkreplicasets/approve\"")));

    verify(hello, never()).update(anyString(), any(), any(), any());
  }

  @Test
  void anOperatorAbortsWithRollbackButAnApproverMayNotPause() throws Exception {
    mvc.perform(control("abort", "operator-token").content("{\"rollback\":true}"))
        .andExpect(status().isOk());
    mvc.perform(control("pause", "approver-token")).andExpect(failure(403, "Forbidden"));

    ArgumentCaptor<RolloutCommand> command = ArgumentCaptor.forClass(RolloutCommand.class);
    verify(hello).update(eq("abort"), eq(ManifestWorkReplicaSet.class), command.capture(), any());
    org.assertj.core.api.Assertions.assertThat(command.getValue().rollsBack()).isTrue();
  }

  @Test
  void maxConcurrencyZeroIsRefusedWithTheField() throws Exception {
    mvc.perform(create(SET.formatted("web", "0")))
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.details.causes[0].field")
                .value("spec.placementRefs[0].rolloutStrategy.progressive.maxConcurrency"));
  }

  @Test
  void anUnknownPlacementIsRefusedWithTheField() throws Exception {
    WorkflowStub missing = mock(WorkflowStub.class);
    when(workflowClient.newUntypedWorkflowStub("Placement/apps/nowhere")).thenReturn(missing);
    when(missing.describe())
        .thenThrow(
            new WorkflowNotFoundException(
                WorkflowExecution.newBuilder().setWorkflowId("Placement/apps/nowhere").build(),
                "PlacementWorkflow",
                null));

    mvc.perform(create(SET.formatted("nowhere", "2")))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("spec.placementRefs[0].name"))
        .andExpect(
            jsonPath("$.message")
                .value(containsString("Placement \"nowhere\" does not exist in namespace apps")));
  }

  @Test
  void aKnownPlacementLetsTheCreateThrough() throws Exception {
    WorkflowStub web = mock(WorkflowStub.class);
    WorkflowExecutionDescription running = mock(WorkflowExecutionDescription.class);
    when(running.getStatus()).thenReturn(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    when(workflowClient.newUntypedWorkflowStub("Placement/apps/web")).thenReturn(web);
    when(web.describe()).thenReturn(running);
    when(workflowClient.newUntypedWorkflowStub(eq("ManifestWorkReplicaSetWorkflow"), any()))
        .thenReturn(hello);
    when(hello.executeUpdateWithStart(any(), any(), any()))
        .thenAnswer(call -> ((Object[]) call.getArgument(1))[0]);

    mvc.perform(create(SET.formatted("web", "2"))).andExpect(status().isCreated());
  }

  @Test
  void theReasonHeaderIsTheCommentWhenTheBodyGivesNone() throws Exception {
    mvc.perform(control("pause", "operator-token").header("X-Fleetflow-Reason", "night freeze"))
        .andExpect(status().isOk());

    ArgumentCaptor<RolloutCommand> command = ArgumentCaptor.forClass(RolloutCommand.class);
    verify(hello).update(eq("pause"), eq(ManifestWorkReplicaSet.class), command.capture(), any());
    org.assertj.core.api.Assertions.assertThat(command.getValue().comment())
        .isEqualTo("night freeze");
  }

  @Test
  void theHistoryIsTheWorkflowsQueryAnsweredAsJson() throws Exception {
    when(hello.query(eq("history"), eq(JsonNode.class)))
        .thenReturn(new ObjectMapper().readTree("{\"revisions\": [{\"revision\": 1}]}"));

    mvc.perform(get(HELLO + "/history").header("Authorization", "Bearer viewer-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.revisions[0].revision").value(1));
  }

  @Test
  void anUndeclaredSubresourceIsNotFoundAndNamesTheDeclaredOnes() throws Exception {
    mvc.perform(control("promote", "operator-token"))
        .andExpect(failure(404, "NotFound"))
        .andExpect(jsonPath("$.message").value(containsString("POST approve")));
    mvc.perform(
            post("/apis/cluster.open-cluster-management.io/v1/managedclusters/c1/approve")
                .header("Authorization", "Bearer approver-token"))
        .andExpect(failure(404, "NotFound"));

    verify(hello, never()).update(anyString(), any(), any(), any());
  }

  @Test
  void aBodyOfTheWrongShapeIsABadRequest() throws Exception {
    mvc.perform(control("undo", "operator-token").content("{\"toRevision\": \"latest\"}"))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("the body of undo")));
  }

  private static MockHttpServletRequestBuilder control(String action, String token) {
    return post(HELLO + "/" + action)
        .header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON);
  }

  private static MockHttpServletRequestBuilder create(String body) {
    return post(SETS)
        .header("Authorization", "Bearer operator-token")
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }
}
