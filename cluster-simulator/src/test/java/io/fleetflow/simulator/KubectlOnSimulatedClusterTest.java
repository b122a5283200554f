package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against a simulated cluster as against a real one: {@code kubectl create} (protobuf
 * bodies), {@code kubectl apply} with its default validation (the simulator answers kubectl's
 * OpenAPI v3 question, so the server validates), and the strategic merge patches of a second apply
 * and of {@code kubectl label}.
 */
class KubectlOnSimulatedClusterTest {
  @TempDir Path dir;
  private SimulatedCluster cluster;
  private Path kubeconfig;

  @BeforeEach
  void start() {
    assumeTrue(kubectlAvailable(), "kubectl is needed");
    cluster = SimulatedCluster.start("kubectl");
    kubeconfig = cluster.writeKubeconfig(dir);
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kubectlCreateWritesConfigMapsSecretsNamespacesAndServiceAccounts() {
    assertThat(kubectl(null, "create", "configmap", "settings", "--from-literal=color=red"))
        .isEqualTo("configmap/settings created");
    assertThat(kubectl(null, "create", "secret", "generic", "token", "--from-literal=t=s3cret"))
        .isEqualTo("secret/token created");
    assertThat(kubectl(null, "create", "namespace", "team")).isEqualTo("namespace/team created");
    assertThat(kubectl(null, "create", "serviceaccount", "deployer", "-n", "team"))
        .isEqualTo("serviceaccount/deployer created");

    assertThat(
            cluster
                .client()
                .configMaps()
                .inNamespace("default")
                .withName("settings")
                .get()
                .getData())
        .containsEntry("color", "red");
    assertThat(cluster.client().secrets().inNamespace("default").withName("token").get().getData())
        .containsEntry("t", "czNjcmV0");
    assertThat(cluster.client().serviceAccounts().inNamespace("team").withName("deployer").get())
        .isNotNull();
  }

  @Test
  void aKindTheSimulatorCannotReadFromProtobufIsRefusedWithWhatToDoInstead() {
    Result result = run(null, "create", "deployment", "web", "--image=nginx");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("protobuf bodies are read for ConfigMaps, Secrets, Namespaces, ServiceAccounts")
        .contains("kubectl apply -f -");
  }

  @Test
  void kubectlApplyValidatesOnTheServerAndASecondApplyPatchesWhatChanged() {
    String v1 =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - {name: web, image: "nginx:1.26"}
                - {name: sidecar, image: "envoy:1"}
        """;
    assertThat(kubectl(v1, "apply", "-f", "-")).isEqualTo("deployment.apps/web created");

    assertThat(kubectl(v1.replace("nginx:1.26", "nginx:1.27"), "apply", "-f", "-"))
        .isEqualTo("deployment.apps/web configured");
    assertThat(kubectl(null, "label", "deployment", "web", "tier=front"))
        .isEqualTo("deployment.apps/web labeled");

    assertThat(
            kubectl(
                null,
                "get",
                "deployment",
                "web",
                "-o",
                "jsonpath={.spec.template.spec.containers[*].image} {.metadata.labels.tier}"))
        .isEqualTo("nginx:1.27 envoy:1 front");
  }

  private record Result(int exitCode, String output) {}

  private String kubectl(String stdin, String... args) {
    Result result = run(stdin, args);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  private Result run(String stdin, String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      return new Result(process.exitValue(), output.trim());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static boolean kubectlAvailable() {
    try {
      return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
