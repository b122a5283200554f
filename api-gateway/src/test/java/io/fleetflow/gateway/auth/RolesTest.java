package io.fleetflow.gateway.auth;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.TokenFiles;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Only approvers and admins decide on clusters; operators change everything else; the approver's
 * name is what the workflow records.
 */
@GatewayMvcTest
class RolesTest {
  private static final String CLUSTER1 =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters/cluster1";
  private static final String ACCEPT = "{\"spec\":{\"hubAcceptsClient\":true}}";
  private static final String LABEL = "{\"metadata\":{\"labels\":{\"region\":\"eu\"}}}";

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;
  private final WorkflowStub cluster1 = mock(WorkflowStub.class);

  @DynamicPropertySource
  static void tokensFile(DynamicPropertyRegistry registry) throws IOException {
    TokenFiles.register(
        registry,
        "operator-token,olga,1,\"fleetflow:operators\"",
        "approver-token,arne,2,\"fleetflow:approvers\"",
        "viewer-token,vera,3,\"fleetflow:viewers\"");
  }

  @BeforeEach
  void aPendingCluster() {
    ManagedCluster pending = new ManagedCluster();
    pending.setMetadata(new ObjectMeta());
    pending.getMetadata().setName("cluster1");
    pending.getMetadata().setResourceVersion("7");
    pending.setSpec(new ManagedClusterSpec());
    pending.setStatus(new ManagedClusterStatus());
    when(workflowClient.newUntypedWorkflowStub("ManagedCluster/cluster1")).thenReturn(cluster1);
    when(cluster1.query("get", ManagedCluster.class)).thenReturn(pending);
    when(cluster1.update(eq("apply"), eq(ManagedCluster.class), any(), any()))
        .thenAnswer(call -> call.getArgument(2));
    // As the workflow does: the patch applied to the cluster as it is.
    when(cluster1.update(eq("patch"), eq(ManagedCluster.class), any(), any()))
        .thenAnswer(call -> ((Patch) call.getArgument(2)).applyTo(pending, ManagedCluster.class));
  }

  @Test
  void anOperatorMayNotAcceptACluster() throws Exception {
    mvc.perform(merge(CLUSTER1, ACCEPT, "operator-token"))
        .andExpect(failure(403, "Forbidden"))
        .andExpect(
            jsonPath("$.message")
                .value(containsString("cannot update resource \"managedclusters/accept\"")));

    verify(cluster1, never()).update(anyString(), any(), any(), any());
  }

  @Test
  void anApproverAcceptsAndIsRecordedAsTheActor() throws Exception {
    mvc.perform(merge(CLUSTER1, ACCEPT, "approver-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.spec.hubAcceptsClient").value(true));

    ArgumentCaptor<Actor> actor = ArgumentCaptor.forClass(Actor.class);
    verify(cluster1).update(eq("patch"), eq(ManagedCluster.class), any(), actor.capture());
    org.assertj.core.api.Assertions.assertThat(actor.getValue().user()).isEqualTo("arne");
  }

  @Test
  void anOperatorLabelsAClusterButAnApproverMayNot() throws Exception {
    mvc.perform(merge(CLUSTER1, LABEL, "operator-token")).andExpect(status().isOk());
    mvc.perform(merge(CLUSTER1, LABEL, "approver-token"))
        .andExpect(failure(403, "Forbidden"))
        .andExpect(
            jsonPath("$.message")
                .value(containsString("cannot patch resource \"managedclusters\"")));
  }

  @Test
  void anApproversDecisionMayNotCarryAChangeTheApproverMayNotMakeAlone() throws Exception {
    mvc.perform(
            merge(
                CLUSTER1,
                "{\"spec\":{\"hubAcceptsClient\":true},\"metadata\":{\"labels\":{\"a\":\"b\"}}}",
                "approver-token"))
        .andExpect(failure(403, "Forbidden"))
        .andExpect(
            jsonPath("$.message")
                .value(containsString("cannot patch resource \"managedclusters\"")));
    mvc.perform(
            merge(
                CLUSTER1,
                "{\"spec\":{\"hubAcceptsClient\":true,\"leaseDurationSeconds\":5}}",
                "approver-token"))
        .andExpect(failure(403, "Forbidden"));

    verify(cluster1, never()).update(anyString(), any(), any(), any());
  }

  @Test
  void aJsonPatchIsJudgedOnWhatItChangesToo() throws Exception {
    String accept = "[{\"op\":\"replace\",\"path\":\"/spec/hubAcceptsClient\",\"value\":true}]";
    mvc.perform(
            patch(CLUSTER1)
                .header("Authorization", "Bearer operator-token")
                .contentType("application/json-patch+json")
                .content(accept))
        .andExpect(failure(403, "Forbidden"));
    mvc.perform(
            patch(CLUSTER1)
                .header("Authorization", "Bearer approver-token")
                .contentType("application/json-patch+json")
                .content(accept))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.spec.hubAcceptsClient").value(true));
  }

  @Test
  void aViewerMayNotAccept() throws Exception {
    mvc.perform(merge(CLUSTER1, ACCEPT, "viewer-token")).andExpect(failure(403, "Forbidden"));

    verify(cluster1, never()).update(anyString(), any(), any(), any());
  }

  private static org.springframework.test.web.servlet.RequestBuilder merge(
      String path, String body, String token) {
    return patch(path)
        .header("Authorization", "Bearer " + token)
        .contentType("application/merge-patch+json")
        .content(body);
  }
}
