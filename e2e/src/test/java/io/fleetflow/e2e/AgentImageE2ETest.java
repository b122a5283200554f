package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.RealCluster;
import io.fleetflow.e2e.support.RealClusters;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The agent's image, as {@code ./fleetflow images} builds it with Jib, runs as a pod of its cluster
 * would run it (its entrypoint, its user, the ServiceAccount's files where the kubelet mounts them)
 * and joins the hub and applies a work to the real cluster. {@code ./fleetflow test} builds the
 * images before this tier; a plain {@code mvn verify} without {@code -Pimages} builds none, and
 * then this test is skipped with that reason.
 */
class AgentImageE2ETest {
  @Test
  void theAgentsImageJoinsFromInsideItsClusterAndAppliesAWork() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl is needed");
    Assumptions.assumeTrue(
        Files.exists(Fleet.AGENT_IMAGE),
        "no agent image: build it with ./fleetflow images (./fleetflow test does)");
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "images/check.sh needs root (chroot)");
    RealCluster east = RealClusters.named("east");

    try (Fleet fleet = Fleet.start("agent-image")) {
      Kubectl hub = fleet.kubectl();
      fleet.startAgentImage("east", east);
      hub.acceptWhenJoinedAndAwaitAvailable("east");

      hub.run(
              """
              apiVersion: work.open-cluster-management.io/v1
              kind: ManifestWork
              metadata: {name: from-the-image, namespace: east}
              spec:
                workload:
                  manifests:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: from-the-image, namespace: default}
                      data: {agent: image}
              """,
              "apply",
              "-f",
              "-")
          .ok();
      hub.ok(
          "wait",
          "--for=condition=Applied",
          "manifestwork/from-the-image",
          "-n",
          "east",
          "--timeout=90s");

      assertThat(
              east.kubectl()
                  .ok(
                      "get",
                      "configmap",
                      "from-the-image",
                      "-n",
                      "default",
                      "-o",
                      "jsonpath={.data.agent} {.metadata.labels.fleetflow\\.io/applied-by}"))
          .isEqualTo("image work-agent");
    }
  }
}
