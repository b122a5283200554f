package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The takeover profile is served like every kind: an invalid profile is refused with a Status that
 * names each problem, before any workflow is touched; a valid one goes to its workflow.
 */
@GatewayMvcTest
class TakeoverProfileApiTest {
  private static final String PROFILES = "/apis/fleetflow.io/v1alpha1/clustertakeoverprofiles";

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @Test
  void anInvalidProfileIsRefusedWithEveryProblemNamed() throws Exception {
    String yaml =
        """
        apiVersion: fleetflow.io/v1alpha1
        kind: ClusterTakeoverProfile
        metadata:
          name: default
        spec:
          resources:
            - apiVersion: v1
              kind: Pod
              metadata: {name: p, namespace: x}
            - apiVersion: v1
              kind: Namespace
              metadata: {}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: settings}
            - apiVersion: v1
              kind: Namespace
              metadata: {name: agent}
            - apiVersion: v1
              kind: Namespace
              metadata: {name: agent}
        """;

    mvc.perform(post(PROFILES).contentType("application/yaml").content(yaml))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.kind").value("ClusterTakeoverProfile"))
        .andExpect(jsonPath("$.details.group").value("fleetflow.io"))
        .andExpect(
            jsonPath("$.details.causes[*].field")
                .value(
                    contains(
                        "spec.resources[0].kind",
                        "spec.resources[1].metadata.name",
                        "spec.resources[2].metadata.namespace",
                        "spec.resources[4]")))
        .andExpect(
            jsonPath("$.details.causes[*].reason")
                .value(
                    contains(
                        "FieldValueNotSupported",
                        "FieldValueRequired",
                        "FieldValueRequired",
                        "FieldValueDuplicate")))
        .andExpect(jsonPath("$.message").value(containsString("ConfigMap settings is namespaced")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aValidProfileIsCreatedByItsWorkflow() throws Exception {
    WorkflowStub stub = Mockito.mock(WorkflowStub.class);
    when(workflowClient.newUntypedWorkflowStub(
            eq("ClusterTakeoverProfileWorkflow"), any(WorkflowOptions.class)))
        .thenReturn(stub);
    when(stub.executeUpdateWithStart(any(), any(), any()))
        .thenAnswer(call -> ((Object[]) call.getArgument(1))[0]);
    String yaml =
        """
        apiVersion: fleetflow.io/v1alpha1
        kind: ClusterTakeoverProfile
        metadata:
          name: default
        spec:
          resources:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: open-cluster-management-agent-addon}
          overrides:
            - clusterSet: edge
              resources:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: edge, namespace: open-cluster-management-agent-addon}
        """;

    mvc.perform(post(PROFILES).contentType("application/yaml").content(yaml))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.metadata.name").value("default"))
        .andExpect(jsonPath("$.spec.overrides[0].clusterSet").value("edge"));
  }
}
