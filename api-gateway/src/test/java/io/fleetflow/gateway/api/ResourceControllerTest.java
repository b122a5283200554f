package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.work.ManifestWork;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The REST API refuses bad requests with a Kubernetes Status that says what to fix, before any
 * workflow is touched, and passes good ones to the object's workflow.
 */
@GatewayMvcTest
class ResourceControllerTest {
  private static final String CLUSTERS =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters";
  private static final String WORKS_ON_CLUSTER1 =
      "/apis/work.open-cluster-management.io/v1/namespaces/cluster1/manifestworks";

  private static final String HELLO_WORK =
      """
      {
        "apiVersion": "work.open-cluster-management.io/v1",
        "kind": "ManifestWork",
        "metadata": {"name": "hello"},
        "spec": {
          "workload": {
            "manifests": [
              {"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "greeting", "namespace": "default"},
               "data": {"message": "hello"}}
            ]
          }
        }
      }
      """;

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @Test
  void aProtobufBodyOfAKindReadOnlyAsJsonIsUnsupportedMediaTypeAtOnce() throws Exception {
    mvc.perform(
            post(WORKS_ON_CLUSTER1)
                .contentType("application/vnd.kubernetes.protobuf")
                .content(HELLO_WORK))
        .andExpect(failure(415, "UnsupportedMediaType"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    allOf(
                        containsString("a ManifestWork is sent as application/json"),
                        containsString("CertificateSigningRequests"))));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aManifestWorkWithoutManifestsIsInvalidAndNamesTheField() throws Exception {
    String work =
        """
        {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
         "metadata": {"name": "hello"}, "spec": {"workload": {"manifests": []}}}
        """;

    mvc.perform(post(WORKS_ON_CLUSTER1).contentType(MediaType.APPLICATION_JSON).content(work))
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    "ManifestWork \"hello\" is invalid: spec.workload.manifests: a ManifestWork"
                        + " needs at least one manifest"))
        .andExpect(jsonPath("$.details.name").value("hello"))
        .andExpect(jsonPath("$.details.group").value("work.open-cluster-management.io"))
        .andExpect(jsonPath("$.details.kind").value("ManifestWork"))
        .andExpect(jsonPath("$.details.causes.length()").value(1))
        .andExpect(jsonPath("$.details.causes[0].field").value("spec.workload.manifests"))
        .andExpect(jsonPath("$.details.causes[0].reason").value("FieldValueRequired"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aClusterWithAnInvalidNameIsInvalidAndShowsAValidExample() throws Exception {
    String cluster =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "Bad_Name"}, "spec": {"hubAcceptsClient": true}}
        """;

    mvc.perform(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content(cluster))
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    allOf(
                        startsWith("ManagedCluster \"Bad_Name\" is invalid: metadata.name:"),
                        containsString("for example \"cluster-1\""))))
        .andExpect(jsonPath("$.details.kind").value("ManagedCluster"))
        .andExpect(jsonPath("$.details.causes[0].field").value("metadata.name"))
        .andExpect(jsonPath("$.details.causes[0].reason").value("FieldValueInvalid"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void everyFieldErrorOfAnObjectIsReportedAtOnce() throws Exception {
    String cluster =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "c1"},
         "spec": {"leaseDurationSeconds": -1,
                  "managedClusterClientConfigs": [{"url": "http://c1.example.com"}],
                  "taints": [{"key": "gpu", "effect": "NoSchedule"}]}}
        """;

    mvc.perform(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content(cluster))
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.details.causes[*].field")
                .value(
                    contains(
                        "spec.leaseDurationSeconds",
                        "spec.managedClusterClientConfigs[0].url",
                        "spec.taints[0].effect")))
        .andExpect(
            jsonPath("$.details.causes[2].message")
                .value(containsString("supported values: NoSelect, PreferNoSelect")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aTaintWithoutAnEffectIsInvalidRatherThanAnInternalError() throws Exception {
    String cluster =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "c1"}, "spec": {"taints": [{"key": "gpu"}]}}
        """;

    mvc.perform(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content(cluster))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("spec.taints[0].effect"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void anObjectOfAnotherKindThanTheUrlServesIsABadRequest() throws Exception {
    mvc.perform(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content(HELLO_WORK))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    "the object is apiVersion work.open-cluster-management.io/v1, kind"
                        + " ManifestWork, but this endpoint serves apiVersion"
                        + " cluster.open-cluster-management.io/v1, kind ManagedCluster"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void anObjectOfAnotherApiVersionIsABadRequest() throws Exception {
    String v1alpha1 = HELLO_WORK.replace("work.open-cluster-management.io/v1", "work.x.io/v1");

    mvc.perform(post(WORKS_ON_CLUSTER1).contentType(MediaType.APPLICATION_JSON).content(v1alpha1))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("apiVersion work.x.io/v1")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aBodyThatIsMalformedYamlIsABadRequest() throws Exception {
    mvc.perform(
            post(WORKS_ON_CLUSTER1)
                .contentType("application/yaml")
                .content(
                    "apiVersion: work.open-cluster-management.io/v1\nkind: [ManifestWork\n  metadata: {"))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message").value(startsWith("the request body is not valid JSON or YAML")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aBodyThatIsNotJsonIsABadRequest() throws Exception {
    mvc.perform(
            post(WORKS_ON_CLUSTER1)
                .contentType(MediaType.APPLICATION_JSON)
                .content("this is { not json"))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message").value(startsWith("the request body is not valid JSON or YAML")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aBodyThatIsNotOneObjectIsABadRequest() throws Exception {
    mvc.perform(post(WORKS_ON_CLUSTER1).contentType(MediaType.APPLICATION_JSON).content("[]"))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value("the request body must be one object"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aRequestWithoutABodyIsABadRequest() throws Exception {
    mvc.perform(post(WORKS_ON_CLUSTER1).contentType(MediaType.APPLICATION_JSON))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message")
                .value("the request has no body: send the object as JSON or YAML"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aWorkForAnotherClusterThanTheUrlNamesIsABadRequest() throws Exception {
    String elsewhere =
        HELLO_WORK.replace(
            "\"metadata\": {\"name\": \"hello\"}",
            "\"metadata\": {\"name\": \"hello\", \"namespace\": \"cluster2\"}");

    mvc.perform(post(WORKS_ON_CLUSTER1).contentType(MediaType.APPLICATION_JSON).content(elsewhere))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    "the namespace of the object (cluster2) does not match the namespace of the"
                        + " request (cluster1)"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aClusterPostedUnderANamespaceIsABadRequest() throws Exception {
    String cluster =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "c1"}}
        """;

    mvc.perform(
            post("/apis/cluster.open-cluster-management.io/v1/namespaces/default/managedclusters")
                .contentType(MediaType.APPLICATION_JSON)
                .content(cluster))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message")
                .value("managedclusters are cluster-scoped: drop /namespaces/default"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aFieldOfTheWrongTypeIsABadRequestNamingTheField() throws Exception {
    String cluster =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "c1"}, "spec": {"hubAcceptsClient": "yes"}}
        """;

    mvc.perform(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content(cluster))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    startsWith("ManagedCluster is invalid: spec.hubAcceptsClient: wrong type (")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aWrongTypeInsideAListNamesTheElement() throws Exception {
    String cluster =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "c1"},
         "spec": {"taints": [{"key": "a", "effect": "NoSelect"}, "gpu"]}}
        """;

    mvc.perform(post(CLUSTERS).contentType(MediaType.APPLICATION_JSON).content(cluster))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("spec.taints[1]: wrong type")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void anUnknownResourceIsNotFound() throws Exception {
    mvc.perform(get("/apis/cluster.open-cluster-management.io/v1/placements"))
        .andExpect(failure(404, "NotFound"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    "the server could not find the requested resource"
                        + " (placements.cluster.open-cluster-management.io/v1)"));
    mvc.perform(
            post("/apis/cluster.open-cluster-management.io/v1/placements")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(failure(404, "NotFound"));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aPatchWithoutAPatchTypeIsAnUnsupportedMediaTypeThatNamesTheTypes() throws Exception {
    mvc.perform(
            patch(WORKS_ON_CLUSTER1 + "/hello")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"spec\": {}}"))
        .andExpect(failure(415, "UnsupportedMediaType"))
        .andExpect(jsonPath("$.message").value(containsString("application/json-patch+json")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aJsonPatchThatIsNotAListIsABadRequest() throws Exception {
    mvc.perform(
            patch(WORKS_ON_CLUSTER1 + "/hello")
                .contentType("application/json-patch+json")
                .content("{\"op\": \"replace\"}"))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("list of operations")));

    verifyNoInteractions(workflowClient);
  }

  @Test
  void aMissingObjectIsNotFoundWithItsName() throws Exception {
    WorkflowStub ghost = Mockito.mock(WorkflowStub.class);
    when(workflowClient.newUntypedWorkflowStub("ManagedCluster/ghost")).thenReturn(ghost);

    mvc.perform(get(CLUSTERS + "/ghost"))
        .andExpect(failure(404, "NotFound"))
        .andExpect(
            jsonPath("$.message")
                .value("managedclusters.cluster.open-cluster-management.io \"ghost\" not found"))
        .andExpect(jsonPath("$.details.name").value("ghost"))
        .andExpect(jsonPath("$.details.kind").value("managedclusters"));
  }

  @Test
  void aTemporalServerThatDoesNotAnswerInTimeIsARetryableTimeoutNotAnInternalError()
      throws Exception {
    WorkflowStub slow = Mockito.mock(WorkflowStub.class);
    when(workflowClient.newUntypedWorkflowStub("ManagedCluster/slow")).thenReturn(slow);
    when(slow.query(any(), any()))
        .thenThrow(
            new WorkflowServiceException(
                WorkflowExecution.newBuilder().setWorkflowId("ManagedCluster/slow").build(),
                "ManagedClusterWorkflow",
                new StatusRuntimeException(Status.DEADLINE_EXCEEDED)));

    mvc.perform(get(CLUSTERS + "/slow"))
        .andExpect(failure(504, "Timeout"))
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(jsonPath("$.message").value(containsString("retry the request")));
  }

  @Test
  void aValidWorkIsCreatedByTheCreateUpdateOfItsWorkflow() throws Exception {
    WorkflowStub stub = Mockito.mock(WorkflowStub.class);
    when(workflowClient.newUntypedWorkflowStub(
            eq("ManifestWorkWorkflow"), any(WorkflowOptions.class)))
        .thenReturn(stub);
    when(stub.executeUpdateWithStart(any(), any(), any()))
        .thenAnswer(call -> ((Object[]) call.getArgument(1))[0]);

    mvc.perform(
            post(WORKS_ON_CLUSTER1)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Fleetflow-Reason", "say hello")
                .content(HELLO_WORK))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.kind").value("ManifestWork"))
        .andExpect(jsonPath("$.metadata.namespace").value("cluster1"))
        .andExpect(jsonPath("$.spec.workload.manifests[0].data.message").value("hello"));

    ArgumentCaptor<WorkflowOptions> options = ArgumentCaptor.forClass(WorkflowOptions.class);
    verify(workflowClient).newUntypedWorkflowStub(eq("ManifestWorkWorkflow"), options.capture());
    assertThat(options.getValue().getWorkflowId()).isEqualTo("ManifestWork/cluster1/hello");
    ArgumentCaptor<UpdateOptions<?>> update = ArgumentCaptor.captor();
    ArgumentCaptor<Object[]> args = ArgumentCaptor.captor();
    verify(stub).executeUpdateWithStart(update.capture(), args.capture(), any());
    assertThat(update.getValue().getUpdateName()).isEqualTo("create");
    assertThat(args.getValue()[0]).isInstanceOf(ManifestWork.class);
    assertThat(args.getValue()[1])
        .isEqualTo(new Actor("anonymous", List.of(Principal.ADMINS), "say hello"));
  }

  @Test
  void aWebSocketWatchIsTurnedAwaySoTheClientFallsBackToAnHttpStream() throws Exception {
    mvc.perform(get(CLUSTERS).param("watch", "true").header("Upgrade", "websocket"))
        .andExpect(failure(503, "ServiceUnavailable"))
        .andExpect(jsonPath("$.message").value(containsString("HTTP streams")));
    verifyNoInteractions(workflowClient);
  }

  @Test
  void aClusterMayBeSentAsYaml() throws Exception {
    WorkflowStub stub = Mockito.mock(WorkflowStub.class);
    when(workflowClient.newUntypedWorkflowStub(
            eq("ManagedClusterWorkflow"), any(WorkflowOptions.class)))
        .thenReturn(stub);
    when(stub.executeUpdateWithStart(any(), any(), any()))
        .thenAnswer(call -> ((Object[]) call.getArgument(1))[0]);
    String yaml =
        """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata:
          name: cluster1
        spec:
          hubAcceptsClient: true
        """;

    mvc.perform(post(CLUSTERS).contentType("application/yaml").content(yaml))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.metadata.name").value("cluster1"))
        .andExpect(jsonPath("$.spec.hubAcceptsClient").value(true));
  }
}
