package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A ManifestWork's life after its first apply, on real processes, checked on the simulated
 * cluster's own API: drift is restored within OCM's 10 s, a new generation removes what left the
 * spec while an object shared with another work only loses ownership, each delete option, and a
 * cluster whose agent is gone (and whose objects vanished with it) catches up once it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManifestWorkLifecycleE2ETest {
  private static final Duration FRESHNESS = Duration.ofSeconds(10);
  private static final String CLUSTER = "life1";
  private static final String STATE = "life1-state";

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static ManagedProcess agent;

  @BeforeAll
  static void startFleetAndAcceptTheCluster() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    fleet = Fleet.start("work-lifecycle");
    kubectl = fleet.kubectl();
    agent = fleet.startAgent(CLUSTER, STATE);
    kubectl.acceptWhenJoinedAndAwaitAvailable(CLUSTER);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aChangedAndADeletedObjectAreRestoredWithinTenSecondsAndTheCorrectionIsRecorded() {
    apply(work("drift", "Foreground", configMap("drift-a", "v1"), configMap("drift-b", "v1")));
    awaitAvailable("drift");
    assertThat(kubectl.ok("get", "manifestworks", "-n", CLUSTER))
        .contains("NAME")
        .contains("APPLIED")
        .contains("AVAILABLE")
        .contains("AGE");

    try (KubernetesClient cluster = cluster()) {
      cluster
          .configMaps()
          .inNamespace("lifecycle")
          .withName("drift-a")
          .edit(
              cm -> {
                cm.getData().put("message", "changed by hand");
                return cm;
              });
      await("the changed object restored")
          .atMost(FRESHNESS)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "v1".equals(data(cluster, "drift-a")));

      String uid =
          cluster
              .configMaps()
              .inNamespace("lifecycle")
              .withName("drift-b")
              .get()
              .getMetadata()
              .getUid();
      cluster.configMaps().inNamespace("lifecycle").withName("drift-b").delete();
      await("the deleted object restored")
          .atMost(FRESHNESS)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "v1".equals(data(cluster, "drift-b")));
      assertThat(
              cluster
                  .configMaps()
                  .inNamespace("lifecycle")
                  .withName("drift-b")
                  .get()
                  .getMetadata()
                  .getUid())
          .isNotEqualTo(uid);
      await("the correction recorded on the work")
          .atMost(FRESHNESS)
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  lastCorrection("drift")
                      .contains("ConfigMap lifecycle/drift-b Deleted on the cluster; re-applied"));
    }
  }

  @Test
  @Order(2)
  void aNewGenerationRemovesWhatLeftTheSpecButASharedObjectOnlyLosesOwnership() {
    apply(work("keeper", "Foreground", configMap("shared", "same")));
    apply(
        work(
            "changer",
            "Foreground",
            configMap("shared", "same"),
            configMap("dropped", "v1"),
            configMap("kept", "v1")));
    awaitAvailable("keeper");
    awaitAvailable("changer");
    try (KubernetesClient cluster = cluster()) {
      assertThat(owners(cluster, "shared")).isEqualTo("changer,keeper");

      apply(work("changer", "Foreground", configMap("kept", "v2")));
      await("the new generation applied and the dropped object deleted")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  "v2".equals(data(cluster, "kept"))
                      && configMap(cluster, "dropped") == null
                      && "keeper".equals(owners(cluster, "shared")));
      assertThat(data(cluster, "shared")).isEqualTo("same");
      assertThat(
              kubectl.ok(
                  "get",
                  "manifestwork",
                  "changer",
                  "-n",
                  CLUSTER,
                  "-o",
                  "jsonpath={.status.conditions[?(@.type==\"Applied\")].observedGeneration}"))
          .isEqualTo("2");

      kubectl.ok("delete", "manifestwork", "keeper", "-n", CLUSTER, "--timeout=60s");
      assertThat(configMap(cluster, "shared")).isNull();
    }
  }

  @Test
  @Order(3)
  void orphanAndSelectivelyOrphanLeaveTheirObjectsOnTheClusterWithoutOwnership() {
    apply(work("orphaning", "Orphan", configMap("orphan-a", "v1")));
    apply(
        work(
                "selective",
                "SelectivelyOrphan",
                configMap("selective-kept", "v1"),
                configMap("selective-gone", "v1"))
            .replace(
                "  deleteOption:\n    propagationPolicy: SelectivelyOrphan\n",
                """
                  deleteOption:
                    propagationPolicy: SelectivelyOrphan
                    selectivelyOrphans:
                      orphaningRules:
                        - group: ""
                          resource: configmaps
                          namespace: lifecycle
                          name: selective-kept
                """));
    awaitAvailable("orphaning");
    awaitAvailable("selective");

    kubectl.ok("delete", "manifestwork", "orphaning", "selective", "-n", CLUSTER, "--timeout=60s");

    try (KubernetesClient cluster = cluster()) {
      assertThat(data(cluster, "orphan-a")).isEqualTo("v1");
      assertThat(owners(cluster, "orphan-a")).isNull();
      assertThat(data(cluster, "selective-kept")).isEqualTo("v1");
      assertThat(owners(cluster, "selective-kept")).isNull();
      assertThat(configMap(cluster, "selective-gone")).isNull();
    }
  }

  @Test
  @Order(4)
  void whileTheAgentIsDownWorkWaitsVisiblyAndEverythingLandsOnceItIsBack() {
    agent.kill9();
    apply(work("late", "Foreground", configMap("late", "v1")));
    kubectl.ok("delete", "manifestwork", "drift", "-n", CLUSTER, "--wait=false");

    await("the late work and the deleted one show the unreachable cluster")
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                condition("late", "Applied").equals("Unknown/ClusterUnreachable")
                    && condition("drift", "Deleting").equals("True/ClusterUnreachable"));

    // The simulated cluster lived in the agent's process: it comes back empty.
    agent = fleet.startAgent(CLUSTER, STATE);
    awaitAvailable("late");
    kubectl.ok("wait", "--for=delete", "manifestwork/drift", "-n", CLUSTER, "--timeout=60s");
    await("the works applied before the restart are sent again")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              try (KubernetesClient cluster = cluster()) {
                return "v2".equals(data(cluster, "kept")) && "v1".equals(data(cluster, "late"));
              }
            });
    try (KubernetesClient cluster = cluster()) {
      assertThat(configMap(cluster, "drift-a")).isNull();
    }
  }

  @Test
  @Order(5)
  void aFinishedJobsWorkDeletesItselfTtlSecondsAfterItIsComplete() {
    apply(
        """
        apiVersion: work.open-cluster-management.io/v1
        kind: ManifestWork
        metadata:
          name: job
          namespace: %s
        spec:
          deleteOption:
            propagationPolicy: Foreground
            ttlSecondsAfterFinished: 5
          workload:
            manifests:
              - apiVersion: batch/v1
                kind: Job
                metadata: {name: once, namespace: default}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers: [{name: once, image: busybox}]
          manifestConfigs:
            - resourceIdentifier: {group: batch, resource: jobs, name: once, namespace: default}
              conditionRules:
                - {type: WellKnownConditions, condition: Complete}
        """
            .formatted(CLUSTER));

    // Polled rather than `kubectl wait`: kubectl's wait watches, and under load its watch through
    // the gateway hit client-side deadlines and missed the change (seen twice in CI).
    kubectl.awaitOutput(
        "the Job's work is Complete",
        Duration.ofSeconds(120),
        "True",
        "get",
        "manifestwork/job",
        "-n",
        CLUSTER,
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"Complete\")].status}");
    kubectl.awaitOutput(
        "the finished Job's work is gone after its TTL",
        Duration.ofSeconds(120),
        "",
        "get",
        "manifestwork/job",
        "-n",
        CLUSTER,
        "--ignore-not-found",
        "-o",
        "name");
    try (KubernetesClient cluster = cluster()) {
      assertThat(cluster.batch().v1().jobs().inNamespace("default").withName("once").get())
          .isNull();
    }
  }

  private static String condition(String work, String type) {
    return kubectl.ok(
        "get",
        "manifestwork",
        work,
        "-n",
        CLUSTER,
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"%1$s\")].status}/{.status.conditions[?(@.type==\"%1$s\")].reason}"
            .formatted(type));
  }

  private static void apply(String yaml) {
    kubectl.run(yaml, "apply", "-f", "-").ok();
  }

  private static void awaitAvailable(String work) {
    kubectl.ok(
        "wait",
        "--for=condition=Available",
        "manifestwork/" + work,
        "-n",
        CLUSTER,
        "--timeout=60s");
  }

  private static String lastCorrection(String work) {
    return kubectl.ok(
        "get",
        "manifestwork",
        work,
        "-n",
        CLUSTER,
        "-o",
        "jsonpath={.metadata.annotations.fleetflow\\.io/last-drift-correction}");
  }

  private static String work(String name, String deletePolicy, String... manifests) {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: work.open-cluster-management.io/v1
            kind: ManifestWork
            metadata:
              name: %s
              namespace: %s
            spec:
              deleteOption:
                propagationPolicy: %s
              workload:
                manifests:
                  - apiVersion: v1
                    kind: Namespace
                    metadata:
                      name: lifecycle
            """
                .formatted(name, CLUSTER, deletePolicy));
    for (String m : manifests) {
      yaml.append(m);
    }
    return yaml.toString();
  }

  private static String configMap(String name, String message) {
    return """
              - apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: lifecycle
                data:
                  message: %s
        """
        .formatted(name, message);
  }

  /** A client of the simulated cluster, from the kubeconfig its agent wrote when it started. */
  private static KubernetesClient cluster() {
    try {
      return new KubernetesClientBuilder()
          .withConfig(
              Config.fromKubeconfig(Files.readString(fleet.clusterKubeconfig(CLUSTER, STATE))))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ConfigMap configMap(KubernetesClient cluster, String name) {
    return cluster.configMaps().inNamespace("lifecycle").withName(name).get();
  }

  private static String data(KubernetesClient cluster, String name) {
    ConfigMap cm = configMap(cluster, name);
    return cm == null || cm.getData() == null ? null : cm.getData().get("message");
  }

  private static String owners(KubernetesClient cluster, String name) {
    ConfigMap cm = configMap(cluster, name);
    return cm == null || cm.getMetadata().getAnnotations() == null
        ? null
        : cm.getMetadata().getAnnotations().get("fleetflow.io/owner-works");
  }
}
