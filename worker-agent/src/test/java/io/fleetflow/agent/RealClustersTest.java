package io.fleetflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the agent's own jar reaches its cluster, and what it refuses. */
class RealClustersTest {
  @TempDir Path dir;

  @Test
  void aKubeconfigNamesTheServerAndTheClientIsClosedWithTheAgent() throws IOException {
    Path kubeconfig = dir.resolve("c1.kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c1, cluster: {server: "https://10.1.2.3:6443"}}]
        users: [{name: agent, user: {token: t}}]
        contexts: [{name: c1, context: {cluster: c1, user: agent}}]
        current-context: c1
        """);
    List<AutoCloseable> toClose = new ArrayList<>();

    KubernetesClient client =
        new RealClusters(AgentOptions.parse(args("--cluster-name c1 --kubeconfig " + kubeconfig)))
            .connect("c1", toClose);

    assertThat(client.getConfiguration().getMasterUrl()).startsWith("https://10.1.2.3:6443");
    assertThat(toClose).containsExactly(client);
    client.close();
  }

  @Test
  void theAgentsJarRefusesSimulatedClustersAndSaysWhereTheyRun() {
    RealClusters clusters =
        new RealClusters(AgentOptions.parse(args("--cluster-name c1 --simulate")));

    assertThatThrownBy(() -> clusters.connect("c1", new ArrayList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent-fleet");
  }

  @Test
  void inClusterOutsideAPodSaysWhatIsMissing() {
    assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null, "not run inside a pod");
    RealClusters clusters =
        new RealClusters(AgentOptions.parse(args("--cluster-name c1 --in-cluster")));

    assertThatThrownBy(() -> clusters.connect("c1", new ArrayList<>()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("KUBERNETES_SERVICE_HOST is not set")
        .hasMessageContaining("--kubeconfig FILE");
  }

  private static String[] args(String line) {
    return line.split(" ");
  }
}
