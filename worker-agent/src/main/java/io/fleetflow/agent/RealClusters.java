package io.fleetflow.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.activities.agent.KubeClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Connects an agent to a real cluster: from a kubeconfig file, or from inside one of the cluster's
 * pods with the pod's ServiceAccount, as OCM's klusterlet runs.
 */
final class RealClusters implements ClusterConnector {
  private final AgentOptions options;

  RealClusters(AgentOptions options) {
    this.options = options;
  }

  @Override
  public KubernetesClient connect(String clusterName, List<AutoCloseable> toClose)
      throws IOException {
    Config config =
        switch (options.source()) {
          case KUBECONFIG -> Config.fromKubeconfig(Files.readString(options.kubeconfig()));
          case IN_CLUSTER -> inCluster();
          case SIMULATE ->
              throw new IllegalArgumentException(
                  "the agent's jar connects to real clusters only: simulated clusters run in the"
                      + " agent-fleet jar (./fleetflow agent --simulate)");
        };
    KubernetesClient client = KubeClients.build(config);
    toClose.add(client);
    return client;
  }

  /**
   * The configuration of a pod: fabric8's auto-configuration, kept from reading any kubeconfig, so
   * that only the pod's ServiceAccount (whose token file fabric8 reads again when it is rotated)
   * and the cluster's CA are used.
   */
  static Config inCluster() throws IOException {
    System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
    String host = System.getenv(Config.KUBERNETES_SERVICE_HOST_PROPERTY);
    if (host == null || host.isBlank()) {
      throw new IOException(
          "--in-cluster needs the environment of a pod: KUBERNETES_SERVICE_HOST is not set (run"
              + " the agent in a pod of its cluster, or use --kubeconfig FILE)");
    }
    // fabric8 reads the token file itself (and again when the kubelet rotates it); checking it
    // here turns a pod without a ServiceAccount token into a clear message at start.
    Path token =
        Path.of(
            System.getProperty(
                Config.KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN_FILE_SYSTEM_PROPERTY,
                Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH));
    if (!Files.isReadable(token) || Files.size(token) == 0) {
      throw new IOException(
          "--in-cluster found no ServiceAccount token at "
              + token
              + ": give the pod a ServiceAccount and do not disable automountServiceAccountToken");
    }
    Config config = Config.autoConfigure(null);
    if (config.getNamespace() == null) {
      throw new IOException(
          "--in-cluster found no namespace (a pod's is in "
              + Config.KUBERNETES_NAMESPACE_PATH
              + "); the agent keeps its identity in a Secret there");
    }
    return config;
  }
}
