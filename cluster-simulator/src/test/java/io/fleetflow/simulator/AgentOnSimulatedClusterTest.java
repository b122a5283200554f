package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.AgentActivitiesImpl;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.work.ManifestWorkSpec.FeedbackRule;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.ServerSideApplyConfig;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import io.fleetflow.model.work.ManifestWorkStatus.FieldValue;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent against a simulated cluster, whose server-side apply and controllers behave like a real
 * cluster's: the ServerSideApply strategy's conflicts, and feedback from controller status.
 */
class AgentOnSimulatedClusterTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private SimulatedCluster cluster;
  private TestActivityEnvironment env;
  private AgentActivities agent;

  @BeforeEach
  void start() {
    cluster = SimulatedCluster.start("agent-sim");
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AgentActivitiesImpl(cluster.client(), "agent-sim"));
    agent =
        env.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void stop() {
    env.close();
    cluster.close();
  }

  @Test
  void serverSideApplyWithoutForceReportsTheConflictingManagerAndLeavesTheField() {
    ownedByOps("red");

    ResourceResult result = applySettings("blue", false);

    assertThat(result.applied()).isFalse();
    assertThat(result.reason()).isEqualTo("AppliedManifestFailed");
    assertThat(result.message())
        .contains("Apply failed with 1 conflict: conflict with \"ops\": .data.color");
    assertThat(colorOnCluster()).isEqualTo("red");
  }

  @Test
  void serverSideApplyWithForceTakesTheFieldOver() {
    ownedByOps("red");

    ResourceResult result = applySettings("blue", true);

    assertThat(result.applied()).isTrue();
    assertThat(result.message()).contains("by server-side apply as work-agent-test");
    assertThat(colorOnCluster()).isEqualTo("blue");
    assertThat(
            cluster
                .client()
                .configMaps()
                .inNamespace("default")
                .withName("settings")
                .get()
                .getMetadata()
                .getManagedFields())
        .anySatisfy(m -> assertThat(m.getManager()).isEqualTo("work-agent-test"));
  }

  @Test
  void feedbackFollowsWhatTheSimulatedDeploymentControllerReports() throws Exception {
    GenericKubernetesResource web =
        YAML.unmarshal(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx:1.27}]
            """,
            GenericKubernetesResource.class);
    List<ManifestConfigOption> feedback =
        List.of(
            new ManifestConfigOption(
                new ResourceIdentifier("apps", "deployments", "web", "default"),
                List.of(new FeedbackRule(FeedbackRule.WELL_KNOWN_STATUS, null)),
                null,
                null));
    ApplyRequest request = new ApplyRequest("agent-sim", "web", 1, List.of(web), feedback);

    ResourceResult first = agent.applyManifests(request).resources().get(0);
    Thread.sleep(2 * 1_000);
    ResourceResult later = agent.applyManifests(request).resources().get(0);

    assertThat(progressing(first)).isEqualTo("True");
    assertThat(later.statusFeedback())
        .anySatisfy(
            v -> {
              assertThat(v.name()).isEqualTo("AvailableReplicas");
              assertThat(v.fieldValue()).isEqualTo(FieldValue.ofInteger(2));
            });
    assertThat(progressing(later)).isEqualTo("False");
  }

  private static String progressing(ResourceResult r) {
    return r.conditions().stream()
        .filter(c -> c.getType().equals("Progressing"))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }

  private void ownedByOps(String color) {
    cluster
        .client()
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("default")
                .endMetadata()
                .withData(Map.of("color", color))
                .build())
        .fieldManager("ops")
        .serverSideApply();
  }

  private ResourceResult applySettings(String color, boolean force) {
    GenericKubernetesResource cm =
        YAML.unmarshal(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: default}
            data: {color: %s}
            """
                .formatted(color),
            GenericKubernetesResource.class);
    List<ManifestConfigOption> ssa =
        List.of(
            new ManifestConfigOption(
                new ResourceIdentifier("", "configmaps", "settings", "default"),
                new UpdateStrategy(
                    UpdateStrategy.SERVER_SIDE_APPLY,
                    new ServerSideApplyConfig(force, "work-agent-test"))));
    return agent
        .applyManifests(new ApplyRequest("agent-sim", "s", 1, List.of(cm), ssa))
        .resources()
        .get(0);
  }

  private String colorOnCluster() {
    return cluster
        .client()
        .configMaps()
        .inNamespace("default")
        .withName("settings")
        .get()
        .getData()
        .get("color");
  }
}
