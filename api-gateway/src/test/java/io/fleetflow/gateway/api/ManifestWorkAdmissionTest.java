package io.fleetflow.gateway.api;

import static io.fleetflow.gateway.KubeStatusMatchers.failure;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import io.fleetflow.gateway.GatewayMvcTest;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Bad ManifestWorks as users write them in YAML are refused with a Kubernetes Status that names the
 * field and says what to fix, and no workflow is touched.
 */
@GatewayMvcTest
class ManifestWorkAdmissionTest {
  private static final String WORKS =
      "/apis/work.open-cluster-management.io/v1/namespaces/cluster1/manifestworks";

  /** A work in OCM's YAML, with a place for manifests and one for per-resource options. */
  private static final String WORK =
      """
      apiVersion: work.open-cluster-management.io/v1
      kind: ManifestWork
      metadata: {name: web}
      spec:
        workload:
          manifests:
      %s
      %s
      """;

  private static final String CONFIG_MAP =
      """
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: default}
            data: {color: blue}
      """;

  @Autowired private MockMvc mvc;
  @Autowired private WorkflowClient workflowClient;

  @AfterEach
  void nothingReachedAWorkflow() {
    verifyNoInteractions(workflowClient);
  }

  @Test
  void invalidYamlIsABadRequest() throws Exception {
    post(WORK.formatted("    - apiVersion: v1\n      kind: [ConfigMap", ""))
        .andExpect(failure(400, "BadRequest"))
        .andExpect(
            jsonPath("$.message").value(startsWith("the request body is not valid JSON or YAML")));
  }

  @Test
  void aManifestWithoutKindOrNameIsInvalidAndNamesBothFields() throws Exception {
    post(WORK.formatted("    - apiVersion: v1\n      metadata: {namespace: default}", ""))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("spec.workload.manifests[0].kind"))
        .andExpect(
            jsonPath("$.details.causes[1].field").value("spec.workload.manifests[0].metadata.name"))
        .andExpect(jsonPath("$.message").value(containsString("every manifest needs kind")));
  }

  @Test
  void theSameObjectTwiceIsADuplicate() throws Exception {
    post(WORK.formatted(CONFIG_MAP + CONFIG_MAP, ""))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].reason").value("FieldValueDuplicate"))
        .andExpect(
            jsonPath("$.message").value(containsString("appears twice in the work; keep one")));
  }

  @Test
  void manifestsOverOcmsLimitAreTooLongAndToldToSplit() throws Exception {
    String big =
        """
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: big, namespace: default}
              data: {blob: %s}
        """
            .formatted("x".repeat(510 * 1024));

    post(WORK.formatted(big, ""))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].reason").value("FieldValueTooLong"))
        .andExpect(
            jsonPath("$.message").value(containsString("split them across several ManifestWorks")));
  }

  @Test
  void anUnknownUpdateStrategyListsTheSupportedOnes() throws Exception {
    post(WORK.formatted(CONFIG_MAP, configs("updateStrategy: {type: Replace}")))
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.details.causes[0].field")
                .value("spec.manifestConfigs[0].updateStrategy.type"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    containsString(
                        "Unsupported value: \"Replace\": supported values: Update, CreateOnly,"
                            + " ServerSideApply, ReadOnly")));
  }

  @Test
  void aCelExpressionThatDoesNotCompileIsInvalidWithTheCompilersWords() throws Exception {
    post(WORK.formatted(
            CONFIG_MAP,
            configs(
                """
                    conditionRules:
                          - type: CEL
                            condition: Ready
                            celExpressions: ["object.data.color =="]
                    """)))
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.details.causes[0].field")
                .value("spec.manifestConfigs[0].conditionRules[0].celExpressions[0]"))
        .andExpect(
            jsonPath("$.message")
                .value(
                    allOf(
                        containsString("the CEL expression does not compile"),
                        containsString("object.data.color =="))));
  }

  @Test
  void aBadJsonPathIsInvalid() throws Exception {
    post(WORK.formatted(
            CONFIG_MAP,
            configs(
                """
                    feedbackRules:
                          - type: JSONPaths
                            jsonPaths: [{name: color, path: ".data[?(@.x=1)]"}]
                    """)))
        .andExpect(failure(422, "Invalid"))
        .andExpect(
            jsonPath("$.details.causes[0].field")
                .value("spec.manifestConfigs[0].feedbackRules[0].jsonPaths[0].path"))
        .andExpect(jsonPath("$.message").value(containsString("not a valid JSONPath")));
  }

  @Test
  void anExecutorThatIsNotAServiceAccountIsInvalid() throws Exception {
    post(WORK.formatted(
            CONFIG_MAP,
            """
                  executor:
                    subject: {type: User, serviceAccount: {namespace: default, name: deployer}}
                """))
        .andExpect(failure(422, "Invalid"))
        .andExpect(jsonPath("$.details.causes[0].field").value("spec.executor.subject.type"));
  }

  private static String configs(String options) {
    return """
          manifestConfigs:
            - resourceIdentifier: {resource: configmaps, name: settings, namespace: default}
              %s
        """
        .formatted(options.strip());
  }

  private ResultActions post(String yaml) throws Exception {
    return mvc.perform(
        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(WORKS)
            .contentType("application/yaml")
            .content(yaml));
  }
}
