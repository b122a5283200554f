package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: one add-on installed on 200 simulated clusters (one fleet JVM) by a
 * placement, against a ManifestWorkReplicaSet of the same manifests to the same placement, in one
 * run; then a change of each (the add-on's AddOnDeploymentConfig, the replica set's template),
 * strategy All for both. Times are wall clock from the {@code kubectl apply} until the status says
 * every cluster has it (the add-on's install progression Completed, the replica set's rollout
 * Succeeded), polled every 250 ms. Writes a section of {@code docs/benchmarks.md}.
 */
class AddOnBenchmark {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.bench.clusters", 200);
  private static final String NS = "bench";
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Test
  void oneAddOnAndOneReplicaSetOfTheSameManifestsOnTwoHundredClusters() throws Exception {
    String loadBefore = ProcessFigures.loadAverage();
    double replicaSetInstall;
    double addOnInstall;
    double replicaSetChange;
    double addOnChange;
    String loadAfter;
    try (Fleet fleet = Fleet.start("addon-bench", Placements.AUTO_APPROVE_SIMULATED)) {
      Kubectl kubectl = fleet.kubectl();
      fleet.startAgentFleet(IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "ab" + i).toList());
      Placements.placeAll(kubectl, NS, CLUSTERS, Duration.ofMinutes(15));

      replicaSetInstall =
          timed(kubectl, replicaSet("one"), () -> replicaSetAt(kubectl, "1/Succeeded"));
      addOnInstall = timed(kubectl, config("one") + ADD_ON, () -> addOnCompleted(kubectl, null));
      String installed = configHashes(kubectl)[0];
      replicaSetChange =
          timed(kubectl, replicaSet("two"), () -> replicaSetAt(kubectl, "2/Succeeded"));
      addOnChange = timed(kubectl, config("two"), () -> addOnCompleted(kubectl, installed));
      assertThat(
              kubectl.field(
                  "manifestwork",
                  "addon-bench-agent-deploy-0",
                  "ab" + CLUSTERS,
                  "{.spec.workload.manifests[1].spec.template.spec.containers[0].env[1].value}"))
          .as("the last cluster's work carries the change")
          .isEqualTo("two");
      // Read before the fleet stops: 200 clusters shutting down at once load the machine.
      loadAfter = ProcessFigures.loadAverage();
    }
    String section =
        """
        ## Add-ons: one add-on and one ManifestWorkReplicaSet on %d clusters

        Measured %s by `AddOnBenchmark` (load average before: %s, after: %s). One fleet JVM of %d
        simulated clusters, all selected by one Placement; the same two manifests (a Namespace and a
        Deployment) delivered by a ClusterManagementAddOn with the Placements install strategy (an
        AddOnTemplate with `{{CLUSTER_NAME}}` and a variable from an AddOnDeploymentConfig) and by a
        ManifestWorkReplicaSet (strategy All), in the same run. Wall clock from `kubectl apply` until
        the status says every cluster has it, polled every 250 ms.

        | step | ManifestWorkReplicaSet | add-on | add-on / replica set |
        |---|---|---|---|
        | install on every cluster | %.1f s | %.1f s | %.2f |
        | a change (template; AddOnDeploymentConfig) | %.1f s | %.1f s | %.2f |

        Per cluster, the replica set runs one hub activity that writes the generated work and the
        work's apply on the agent; the add-on adds its ManagedClusterAddOn's creation (one hub
        activity), one render (a hub activity that reads the add-on's configs and renders the
        template for that cluster) and a `rolloutStep` signal, then writes its work through the same
        activity. A change is hashed once per placement, then each cluster renders again, with the
        ClusterManagementAddOn carried in its rollout step and the template and the
        AddOnDeploymentConfig read through their workflows.
        """
            .formatted(
                CLUSTERS,
                java.time.LocalDate.now(),
                loadBefore,
                loadAfter,
                CLUSTERS,
                replicaSetInstall,
                addOnInstall,
                addOnInstall / replicaSetInstall,
                replicaSetChange,
                addOnChange,
                addOnChange / replicaSetChange);
    BenchmarkReport.write("## Add-ons:", section);
  }

  private static double timed(Kubectl kubectl, String yaml, BooleanSupplier done)
      throws InterruptedException {
    long start = System.nanoTime();
    kubectl.run(yaml, "apply", "-f", "-").ok();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - start > TIMEOUT.toNanos()) {
        throw new AssertionError("not done within " + TIMEOUT);
      }
      Thread.sleep(250);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static boolean replicaSetAt(Kubectl kubectl, String revisionAndPhase) {
    return kubectl
        .field("mwrs", "bench-agent", NS, "{.status.rollout.revision}/{.status.rollout.phase}")
        .equals(revisionAndPhase);
  }

  /**
   * The add-on's install progression is Completed with its AddOnDeploymentConfig's new content
   * everywhere: the desired hash differs from {@code before} (null for the install) and is the last
   * known good one.
   */
  private static boolean addOnCompleted(Kubectl kubectl, String before) {
    String progress =
        kubectl.field(
            "clustermanagementaddon",
            "bench-agent",
            null,
            "{.status.installProgressions[0].conditions[?(@.type==\"Progressing\")].reason}");
    String[] hashes = configHashes(kubectl);
    return progress.equals("Completed")
        && hashes.length == 2
        && !hashes[0].isEmpty()
        && hashes[0].equals(hashes[1])
        && !hashes[0].equals(before);
  }

  /** The AddOnDeploymentConfig's desired and last known good spec hashes. */
  private static String[] configHashes(Kubectl kubectl) {
    return kubectl
        .field(
            "clustermanagementaddon",
            "bench-agent",
            null,
            "{.status.installProgressions[0].configReferences[?(@.resource==\"addondeploymentconfigs\")].desiredConfig.specHash}"
                + " {.status.installProgressions[0].configReferences[?(@.resource==\"addondeploymentconfigs\")].lastKnownGoodConfig.specHash}")
        .split(" ");
  }

  private static String replicaSet(String value) {
    return """
        apiVersion: work.open-cluster-management.io/v1alpha1
        kind: ManifestWorkReplicaSet
        metadata: {name: bench-agent, namespace: %s}
        spec:
          placementRefs: [{name: all, rolloutStrategy: {type: All}}]
          manifestWorkTemplate:
            workload:
              manifests:
              - {apiVersion: v1, kind: Namespace, metadata: {name: bench-mwrs}}
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: bench-agent, namespace: bench-mwrs}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: bench}}
                  template:
                    metadata: {labels: {app: bench}}
                    spec:
                      containers:
                      - {name: agent, image: busybox, env: [{name: CLUSTER, value: all}, {name: VALUE, value: "%s"}]}
        """
        .formatted(NS, value);
  }

  private static String config(String value) {
    return """
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: AddOnDeploymentConfig
        metadata: {name: bench-agent, namespace: %s}
        spec:
          agentInstallNamespace: bench-addon
          customizedVariables: [{name: VALUE, value: "%s"}]
        ---
        """
        .formatted(NS, value);
  }

  private static final String ADD_ON =
      """
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: AddOnTemplate
      metadata: {name: bench-agent-1}
      spec:
        addonName: bench-agent
        agentSpec:
          workload:
            manifests:
            - {apiVersion: v1, kind: Namespace, metadata: {name: "{{INSTALL_NAMESPACE}}"}}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: bench-agent}
              spec:
                replicas: 1
                selector: {matchLabels: {app: bench}}
                template:
                  metadata: {labels: {app: bench}}
                  spec:
                    containers:
                    - {name: agent, image: busybox, env: [{name: CLUSTER, value: "{{CLUSTER_NAME}}"}, {name: VALUE, value: "{{VALUE}}"}]}
      ---
      apiVersion: addon.open-cluster-management.io/v1alpha1
      kind: ClusterManagementAddOn
      metadata: {name: bench-agent}
      spec:
        supportedConfigs:
        - {group: addon.open-cluster-management.io, resource: addontemplates, defaultConfig: {name: bench-agent-1}}
        - {group: addon.open-cluster-management.io, resource: addondeploymentconfigs, defaultConfig: {name: bench-agent, namespace: bench}}
        installStrategy:
          type: Placements
          placements: [{namespace: bench, name: all}]
      """;
}
