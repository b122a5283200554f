package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated controllers write workload status as a real cluster's controllers do. */
class SimulatedControllersTest {
  private SimulatedCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start("ctl");
    client = cluster.client();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void aDeploymentBecomesAvailableWithEveryReplicaAndObservesItsGeneration() {
    create(deployment("web", "nginx:1.27", null));

    Deployment ready =
        await(() -> deployment("web"), d -> d.getStatus() != null && readyReplicas(d) == 2);

    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(2);
    assertThat(condition(ready, "Available").getStatus()).isEqualTo("True");
    assertThat(condition(ready, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
  }

  @Test
  void aBrokenImageNeverBecomesAvailableAndExceedsItsProgressDeadline() {
    create(deployment("bad", "nginx:broken", 2));

    Deployment stuck =
        await(
            () -> deployment("bad"),
            d ->
                d.getStatus() != null
                    && d.getStatus().getConditions() != null
                    && "ProgressDeadlineExceeded".equals(condition(d, "Progressing").getReason()));

    assertThat(stuck.getStatus().getAvailableReplicas()).isZero();
    assertThat(condition(stuck, "Progressing").getStatus()).isEqualTo("False");
    assertThat(condition(stuck, "Available").getStatus()).isEqualTo("False");
  }

  @Test
  void anApplyThatChangesNothingLeavesARolledOutDeploymentAvailable() {
    String web = deployment("web", "nginx:1.27", null);
    client.resource(web).fieldManager("agent").serverSideApply();
    Deployment ready =
        await(() -> deployment("web"), d -> d.getStatus() != null && readyReplicas(d) == 2);

    // An agent applies the same object again on every resync: a real API server writes nothing
    // then, and no controller starts the rollout over.
    client.resource(web).fieldManager("agent").serverSideApply();
    sleep(Duration.ofMillis(SimulatedControllers.READY_AFTER / 2));

    Deployment after = deployment("web");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(ready.getMetadata().getResourceVersion());
    assertThat(readyReplicas(after)).isEqualTo(2);
  }

  @Test
  void aJobSucceedsAndAJobAnnotatedToFailFails() {
    create(job("ok", false));
    create(job("nope", true));

    Job ok = await(() -> job("ok"), j -> jobCondition(j, "Complete") != null);
    Job nope = await(() -> job("nope"), j -> jobCondition(j, "Failed") != null);

    assertThat(ok.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(jobCondition(nope, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
  }

  private void create(String yaml) {
    client.resource(yaml).create();
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace("default").withName(name).get();
  }

  private Job job(String name) {
    return client.batch().v1().jobs().inNamespace("default").withName(name).get();
  }

  private static int readyReplicas(Deployment d) {
    return d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static JobCondition jobCondition(Job j, String type) {
    return j.getStatus() == null || j.getStatus().getConditions() == null
        ? null
        : j.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  private static <T extends HasMetadata> T await(Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      T value = read.get();
      if (value != null && done.test(value)) {
        return value;
      }
      assertThat(System.nanoTime()).as("waited 20 s for " + value).isLessThan(deadline);
      sleep(Duration.ofMillis(100));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static String deployment(String name, String image, Integer deadlineSeconds) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: default}
        spec:
          replicas: 2
          %s
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers: [{name: c, image: "%s"}]
        """
        .formatted(
            name,
            deadlineSeconds == null ? "" : "progressDeadlineSeconds: " + deadlineSeconds,
            name,
            name,
            image);
  }

  private static String job(String name, boolean fail) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          namespace: default
          annotations: {"sim.fleetflow.io/fail": "%s"}
        spec:
          backoffLimit: 1
          template:
            spec:
              restartPolicy: Never
              containers: [{name: c, image: busybox}]
        """
        .formatted(name, fail);
  }
}
