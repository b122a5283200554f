package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.RealCluster;
import io.fleetflow.e2e.support.RealClusters;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator deploys ({@code deploy/agent} and {@code deploy/hub}, kustomize bases) is
 * accepted by a real API server: a server-side dry run admits and validates every object (schema,
 * RBAC escalation, defaults) without creating it.
 */
class DeployManifestsE2ETest {
  private static Kubectl cluster;

  @BeforeAll
  static void realCluster() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    RealCluster real = RealClusters.named("east");
    cluster = real.kubectl();
  }

  @Test
  void theAgentsBaseIsAcceptedByARealApiServer() {
    // A dry run does not create the namespace its objects go to, so it must exist already.
    cluster.run(null, "create", "namespace", "fleetflow-agent");

    String out = cluster.ok("apply", "-k", "../deploy/agent", "--dry-run=server", "-o", "name");

    assertThat(out)
        .contains("deployment.apps/fleetflow-agent")
        .contains("serviceaccount/fleetflow-agent")
        .contains("clusterrole.rbac.authorization.k8s.io/fleetflow-agent:work")
        .contains(
            "customresourcedefinition.apiextensions.k8s.io/clusterclaims.cluster.open-cluster-management.io")
        .contains("configmap/agent-config-");
  }

  @Test
  void theHubAndGatewayBaseIsAcceptedByARealApiServer() {
    cluster.run(null, "create", "namespace", "fleetflow");

    String out = cluster.ok("apply", "-k", "../deploy/hub", "--dry-run=server", "-o", "name");

    assertThat(out)
        .contains("deployment.apps/fleetflow-hub")
        .contains("deployment.apps/fleetflow-gateway")
        .contains("service/fleetflow-gateway")
        .contains("configmap/hub-config-");
  }

  @Test
  void aBrokenManifestIsRefusedByTheDryRun() {
    // The dry run is a real check: a Deployment without its selector is refused.
    Kubectl.Result result =
        cluster.run(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken, namespace: fleetflow}
            spec:
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: c, image: x}]}
            """,
            "apply",
            "--dry-run=server",
            "-f",
            "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("spec.selector: Required value");
  }
}
