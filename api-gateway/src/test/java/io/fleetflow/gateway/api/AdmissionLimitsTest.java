package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import io.fleetflow.gateway.GatewayMvcTest;
import io.fleetflow.model.validation.ObjectLimits;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Bodies that break Kubernetes' limits or rules are refused with the Status Kubernetes gives, and
 * none of them reaches a workflow.
 */
@GatewayMvcTest
class AdmissionLimitsTest {
  private static final String CLUSTERS =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters";
  private static final String WORKS =
      "/apis/work.open-cluster-management.io/v1/namespaces/c1/manifestworks";

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @AfterEach
  void nothingReachedAWorkflow() {
    verifyNoInteractions(workflowClient);
  }

  @Test
  void aBodyLargerThan3MiBIsTooLargeWhateverItSays() throws Exception {
    byte[] body = new byte[ObjectLimits.MAX_REQUEST_BYTES + 1];
    java.util.Arrays.fill(body, (byte) ' ');
    mvc.perform(
            post(CLUSTERS)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Transfer-Encoding", "chunked")
                .content(body))
        .andExpect(failure(413, "RequestEntityTooLarge"));
  }

  @Test
  void anObjectOverOneMiBIsTooLarge() throws Exception {
    String cluster =
        """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "c1"},
         "spec": {"managedClusterClientConfigs": [{"url": "https://c1", "caBundle": "%s"}]}}
        """
            .formatted("Q".repeat(ObjectLimits.MAX_OBJECT_BYTES));

    send(post(CLUSTERS), cluster)
        .andExpect(failure(413, "RequestEntityTooLarge"))
        .andExpect(jsonPath("$.message").value(containsString("at most 1048576 bytes")));
  }

  @Test
  void theIssues994LevelManifestIsRefusedAtAdmissionNamingWhere() throws Exception {
    String deep = "{\"a\":".repeat(994) + "1" + "}".repeat(994);
    String work =
        """
        {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
         "metadata": {"name": "deep"},
         "spec": {"workload": {"manifests": [{"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "x", "namespace": "default"}, "data": %s}]}}}
        """
            .formatted(deep);

    send(post(WORKS), work)
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.details.causes[0].field")
                .value(startsWith("spec.workload.manifests[0].data.a.a")))
        .andExpect(jsonPath("$.details.causes[0].message").value(containsString("100 levels")));
  }

  @Test
  void yamlIsHeldToTheSameNesting() throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: cluster.open-cluster-management.io/v1\nkind: ManagedCluster\nmetadata:\n  name: c1\n  annotations:\n");
    String indent = "    ";
    for (int i = 0; i < 120; i++) {
      yaml.append(indent).append("a:\n");
      indent += "  ";
    }
    yaml.append(indent).append("b: 1\n");

    mvc.perform(post(CLUSTERS).contentType("application/yaml").content(yaml.toString()))
        .andExpect(failure(422, "Invalid"));
  }

  @Test
  void trailingDataAfterTheJsonObjectIsABadRequest() throws Exception {
    send(post(CLUSTERS), cluster("{}") + " {\"kind\": \"more\"}")
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("data after the JSON object")));
    send(post(CLUSTERS), cluster("{}") + "garbage").andExpect(failure(400, "BadRequest"));
  }

  @Test
  void aSecondYamlDocumentIsRefusedWithWhatToDoInstead() throws Exception {
    String two =
        """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: c1}
        ---
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: c2}
        """;

    mvc.perform(post(CLUSTERS).contentType("application/yaml").content(two))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("more than one YAML document")));
  }

  @Test
  void aYamlBodyEndingInAnEmptyDocumentIsOneObject() throws Exception {
    String one =
        """
        apiVersion: cluster.open-cluster-management.io/v1
        kind: ManagedCluster
        metadata: {name: Bad_Name}
        ---
        """;

    // Read as one object: refused for its name, which shows it got that far.
    mvc.perform(post(CLUSTERS).contentType("application/yaml").content(one))
        .andExpect(failure(422, "Invalid"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"hubAcceptsClient\": 1}|spec.hubAcceptsClient",
        "{\"hubAcceptsClient\": \"true\"}|spec.hubAcceptsClient",
        "{\"leaseDurationSeconds\": 1.5}|spec.leaseDurationSeconds",
        "{\"leaseDurationSeconds\": \"60\"}|spec.leaseDurationSeconds",
        "{\"leaseDurationSeconds\": 99999999999}|spec.leaseDurationSeconds",
        "{\"managedClusterClientConfigs\": [{\"url\": 5}]}|spec.managedClusterClientConfigs[0].url"
      })
  void valuesOfTheWrongJsonTypeAreNotCoerced(String spec, String field) throws Exception {
    send(post(CLUSTERS), cluster(spec))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString(field)));
  }

  @Test
  void aKeyGivenTwiceIsRefused() throws Exception {
    send(
            post(CLUSTERS),
            """
            {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
             "metadata": {"name": "c1"}, "spec": {}, "spec": {"hubAcceptsClient": true}}
            """)
        .andExpect(failure(400, "BadRequest"))
        .andExpect(jsonPath("$.message").value(containsString("Duplicate field 'spec'")));
  }

  @Test
  void aNullSpecIsRequiredNotAnInternalError() throws Exception {
    send(post(CLUSTERS), cluster("null"))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("spec"))
        .andExpect(jsonPath("$.details.causes[0].reason").value("FieldValueRequired"));
    send(put(CLUSTERS + "/c1"), cluster("null")).andExpect(failure(422, "Invalid"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"bad key\": \"x\"}",
        "{\"env\": \"prod!\"}",
        "{\"example.com/\": \"x\"}",
        "{\"env\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
        "{\"env\": null}"
      })
  void invalidLabelKeysAndValuesAreRefusedWithTheField(String labels) throws Exception {
    send(
            post(CLUSTERS),
            """
            {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
             "metadata": {"name": "c1", "labels": %s}, "spec": {}}
            """
                .formatted(labels))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("metadata.labels"));
  }

  @Test
  void annotationsOver256KiBAreTooLong() throws Exception {
    send(
            post(CLUSTERS),
            """
            {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
             "metadata": {"name": "c1", "annotations": {"a": "%s"}}, "spec": {}}
            """
                .formatted("x".repeat(256 * 1024)))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("metadata.annotations"))
        .andExpect(jsonPath("$.details.causes[0].reason").value("FieldValueTooLong"));
  }

  @ParameterizedTest
  @CsvSource({
    "POST, text/plain",
    "POST, application/x-www-form-urlencoded",
    "POST, application/merge-patch+json",
    "POST, application/xml",
    "PUT, application/apply-patch+yaml",
    "PATCH, application/json",
    "PATCH, application/yaml",
    "PATCH, text/plain"
  })
  void onlyTheMediaTypesAVerbTakesAreRead(String method, String type) throws Exception {
    var request =
        switch (method) {
          case "POST" -> post(CLUSTERS);
          case "PUT" -> put(CLUSTERS + "/c1");
          default -> patch(CLUSTERS + "/c1");
        };
    mvc.perform(request.contentType(type).content(cluster("{}")))
        .andExpect(failure(415, "UnsupportedMediaType"))
        .andExpect(jsonPath("$.message").value(containsString("must be application/")));
  }

  @Test
  void aRolloutCommentOfMoreThan4096CharactersIsTooLong() throws Exception {
    mvc.perform(
            post("/apis/work.open-cluster-management.io/v1alpha1/namespaces/apps/"
                    + "manifestworkreplicasets/web/approve")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"comment\": \"%s\"}".formatted("c".repeat(4097))))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("comment"));
  }

  @Test
  void aWatchTimeoutThatIsNotAWholeNumberIsABadRequest() throws Exception {
    for (String timeout : new String[] {"abc", "99999999999999999999", "-1"}) {
      mvc.perform(get(CLUSTERS + "?watch=1&timeoutSeconds=" + timeout))
          .andExpect(failure(400, "BadRequest"))
          .andExpect(jsonPath("$.message").value(containsString("timeoutSeconds")));
    }
  }

  @Test
  void anObjectWithoutAContentTypeIsJsonButAPatchMustNameItsKind() throws Exception {
    // As kube-apiserver reads it: the body is JSON, so a bad one is refused as JSON would be.
    mvc.perform(post(CLUSTERS).content("{not json")).andExpect(failure(400, "BadRequest"));
    mvc.perform(patch(CLUSTERS + "/c1").content("{}"))
        .andExpect(failure(415, "UnsupportedMediaType"))
        .andExpect(jsonPath("$.message").value(containsString("names no Content-Type")));
  }

  private ResultActions send(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      String body)
      throws Exception {
    return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private static String cluster(String spec) {
    return """
        {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
         "metadata": {"name": "c1"}, "spec": %s}"""
        .formatted(spec);
  }
}
