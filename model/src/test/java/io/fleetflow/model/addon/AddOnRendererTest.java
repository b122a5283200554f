package io.fleetflow.model.addon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.work.ManifestWorkSpec.ConditionRule;
import io.fleetflow.model.work.ManifestWorkSpec.FeedbackRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rendering a template add-on for a cluster: variables, install namespace, node placement, image
 * mirrors and proxy on pod templates, the health check's feedback rules, and the pre-delete hook in
 * a work of its own.
 */
class AddOnRendererTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final HealthCheck DEPLOYMENTS =
      new HealthCheck(HealthCheck.DEPLOYMENT_AVAILABILITY, null);

  @Test
  void builtInAndCustomizedVariablesAreReplacedEverywhere() throws Exception {
    AddOnRenderer.Rendered rendered =
        AddOnRenderer.render(
            "east",
            template(),
            config("{customizedVariables: [{name: LEVEL, value: debug}]}"),
            null,
            DEPLOYMENTS);

    assertThat(rendered.installNamespace())
        .isEqualTo(ManagedClusterAddOn.DEFAULT_INSTALL_NAMESPACE);
    Map<String, Object> agent = container(rendered.deploy().getWorkload().manifests().get(1));
    assertThat(agent.get("env").toString())
        .contains("value=east", "value=debug", "value=" + AddOnRenderer.HUB_KUBECONFIG_PATH);
    assertThat(rendered.deploy().getWorkload().manifests().get(1).getMetadata().getNamespace())
        .as("a namespaced manifest without a namespace goes into the install namespace")
        .isEqualTo(ManagedClusterAddOn.DEFAULT_INSTALL_NAMESPACE);
    assertThat(rendered.deploy().getWorkload().manifests().get(0).getMetadata().getName())
        .isEqualTo(ManagedClusterAddOn.DEFAULT_INSTALL_NAMESPACE);
  }

  @Test
  void theConfigsInstallNamespaceWinsOverTheAddOnsAndTheDefault() throws Exception {
    assertThat(
            AddOnRenderer.render(
                    "east",
                    template(),
                    config(
                        "{agentInstallNamespace: probes, customizedVariables: [{name: LEVEL, value: x}]}"),
                    "asked",
                    DEPLOYMENTS)
                .installNamespace())
        .isEqualTo("probes");
    assertThat(
            AddOnRenderer.render(
                    "east",
                    template(),
                    config("{customizedVariables: [{name: LEVEL, value: x}]}"),
                    "asked",
                    DEPLOYMENTS)
                .installNamespace())
        .isEqualTo("asked");
  }

  @Test
  void aVariableNoConfigDefinesIsAnErrorThatNamesIt() {
    assertThatThrownBy(() -> AddOnRenderer.render("east", template(), null, null, DEPLOYMENTS))
        .isInstanceOf(AddOnRenderer.RenderException.class)
        .hasMessageContaining("{{LEVEL}}")
        .hasMessageContaining("customizedVariables")
        .satisfies(
            e ->
                assertThat(((AddOnRenderer.RenderException) e).reason())
                    .isEqualTo("UndefinedVariable"));
  }

  @Test
  void nodePlacementMirrorsAndProxyGoIntoEveryPodTemplate() throws Exception {
    AddOnRenderer.Rendered rendered =
        AddOnRenderer.render(
            "east",
            template(),
            config(
                """
                customizedVariables: [{name: LEVEL, value: x}]
                nodePlacement:
                  nodeSelector: {role: infra}
                  tolerations: [{key: infra, operator: Exists}]
                registries: [{source: quay.io/fleetflow, mirror: mirror.local/ff}]
                proxyConfig: {httpsProxy: "http://proxy:3128", noProxy: ".svc"}
                """),
            null,
            DEPLOYMENTS);

    GenericKubernetesResource deployment = rendered.deploy().getWorkload().manifests().get(1);
    Map<String, Object> pod = podSpec(deployment);
    assertThat(pod.get("nodeSelector")).isEqualTo(Map.of("role", "infra"));
    assertThat(pod.get("tolerations").toString()).contains("infra");
    Map<String, Object> agent = container(deployment);
    assertThat(agent.get("image")).isEqualTo("mirror.local/ff/probe:1");
    assertThat(agent.get("env").toString())
        .contains("HTTPS_PROXY", "http://proxy:3128", "NO_PROXY");
  }

  @Test
  void deploymentAvailabilityAsksForEachDeploymentsWellKnownStatus() throws Exception {
    var configs =
        AddOnRenderer.render(
                "east",
                template(),
                config("{customizedVariables: [{name: LEVEL, value: x}]}"),
                null,
                DEPLOYMENTS)
            .deploy()
            .getManifestConfigs();

    assertThat(configs)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.resourceIdentifier().resource()).isEqualTo("deployments");
              assertThat(c.resourceIdentifier().group()).isEqualTo("apps");
              assertThat(c.feedbackRules())
                  .extracting(FeedbackRule::type)
                  .containsExactly(FeedbackRule.WELL_KNOWN_STATUS);
            });
  }

  @Test
  void workFieldAsksForTheProbesPathOnTheProbedResource() throws Exception {
    HealthCheck probe =
        new HealthCheck(
            HealthCheck.WORK_FIELD,
            HealthCheck.parseProbe(
                    "Deployment/open-cluster-management-agent-addon/probe-agent:.status.readyReplicas=1")
                .orElseThrow());
    var configs =
        AddOnRenderer.render(
                "east",
                template(),
                config("{customizedVariables: [{name: LEVEL, value: x}]}"),
                null,
                probe)
            .deploy()
            .getManifestConfigs();

    assertThat(configs)
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.feedbackRules().get(0).jsonPaths().get(0).path())
                    .isEqualTo(".status.readyReplicas"));
  }

  @Test
  void thePreDeleteHookGoesIntoAWorkOfItsOwnThatReportsCompletion() throws Exception {
    AddOnTemplate template = template();
    template
        .getSpec()
        .getAgentSpec()
        .getWorkload()
        .manifests()
        .add(
            YAML.readValue(
                """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: cleanup
                  annotations: {"addon.open-cluster-management.io/addon-pre-delete": ""}
                spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}
                """,
                GenericKubernetesResource.class));

    AddOnRenderer.Rendered rendered =
        AddOnRenderer.render(
            "east",
            template,
            config("{customizedVariables: [{name: LEVEL, value: x}]}"),
            null,
            DEPLOYMENTS);

    assertThat(rendered.deploy().getWorkload().manifests())
        .extracting(GenericKubernetesResource::getKind)
        .doesNotContain("Job");
    assertThat(rendered.hook().getWorkload().manifests())
        .extracting(GenericKubernetesResource::getKind)
        .containsExactly("Job");
    assertThat(rendered.hook().getManifestConfigs())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.conditionRules())
                    .extracting(ConditionRule::condition)
                    .containsExactly(ConditionRule.COMPLETE));
  }

  @Test
  void aTemplateWithoutManifestsIsAnError() throws Exception {
    AddOnTemplate empty = template();
    empty.getSpec().getAgentSpec().getWorkload().manifests().clear();
    assertThatThrownBy(() -> AddOnRenderer.render("east", empty, null, null, DEPLOYMENTS))
        .hasMessageContaining("has no manifests");
  }

  @Test
  void thePlaceholdersOfATemplateAreListedInOrder() throws Exception {
    assertThat(AddOnRenderer.placeholders(template()))
        .containsExactly("INSTALL_NAMESPACE", "CLUSTER_NAME", "LEVEL", "HUB_KUBECONFIG");
  }

  static AddOnTemplate template() throws Exception {
    return YAML.readValue(
        """
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: AddOnTemplate
        metadata: {name: probe-1}
        spec:
          addonName: probe
          agentSpec:
            workload:
              manifests:
              - apiVersion: v1
                kind: Namespace
                metadata: {name: "{{INSTALL_NAMESPACE}}"}
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: probe-agent}
                spec:
                  selector: {matchLabels: {app: probe}}
                  template:
                    metadata: {labels: {app: probe}}
                    spec:
                      containers:
                      - name: agent
                        image: quay.io/fleetflow/probe:1
                        env:
                        - {name: CLUSTER, value: "{{CLUSTER_NAME}}"}
                        - {name: LEVEL, value: "{{ LEVEL }}"}
                        - {name: KUBECONFIG, value: "{{HUB_KUBECONFIG}}"}
        """,
        AddOnTemplate.class);
  }

  private static AddOnDeploymentConfigSpec config(String spec) throws Exception {
    return YAML.readValue(spec, AddOnDeploymentConfigSpec.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> podSpec(GenericKubernetesResource deployment) {
    Map<String, Object> spec =
        (Map<String, Object>) deployment.getAdditionalProperties().get("spec");
    return (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(GenericKubernetesResource deployment) {
    return ((List<Map<String, Object>>) podSpec(deployment).get("containers")).get(0);
  }
}
