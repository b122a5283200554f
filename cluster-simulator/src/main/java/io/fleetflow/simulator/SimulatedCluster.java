package io.fleetflow.simulator;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.activities.agent.KubeClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A simulated cluster: a real Kubernetes-style HTTP API on a loopback port (fabric8's CRUD
 * dispatcher, plus discovery, served on the Vert.x every simulated cluster of the JVM shares),
 * seeded with the namespaces and a node a fresh cluster has. Its state lives in memory and ends
 * with the process.
 */
public final class SimulatedCluster implements AutoCloseable {
  /** The version the simulated API server reports. */
  public static final String KUBERNETES_VERSION = "v1.32.0-fleetflow-sim";

  /** The mock server logs every request at INFO; a simulated fleet would drown its own log. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final String name;
  private final SimulatorServer server;
  private final KubernetesClient client;
  private final WriteLog writes;
  private final SimulatorDispatcher dispatcher;

  private SimulatedCluster(String name, SimulatorServer server, SimulatorDispatcher dispatcher) {
    this.name = name;
    this.server = server;
    this.dispatcher = dispatcher;
    this.writes = dispatcher.writes();
    this.client =
        KubeClients.build(
            new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withOauthToken("simulated")
                .withHttp2Disable(true)
                .build());
  }

  /** Starts a simulated cluster on a free loopback port. */
  public static SimulatedCluster start(String name) {
    return start(name, Map.of());
  }

  /**
   * Starts a simulated cluster that claims, besides OCM's platform and product claims, the given
   * claims (as ClusterClaim objects, the way they exist on a real managed cluster).
   */
  public static SimulatedCluster start(String name, Map<String, String> claims) {
    SimulatedControllers controllers = new SimulatedControllers();
    SimulatorDispatcher dispatcher =
        new SimulatorDispatcher(
            new SimulatorCrud(), KUBERNETES_VERSION, UUID.randomUUID().toString(), controllers);
    SimulatorServer server = SimulatorServer.start(dispatcher);
    SimulatedCluster cluster = new SimulatedCluster(name, server, dispatcher);
    controllers.attach(cluster.client);
    cluster.seed();
    Map<String, String> all = new java.util.TreeMap<>(claims);
    all.putIfAbsent("platform.open-cluster-management.io", "Other");
    all.putIfAbsent("product.open-cluster-management.io", "FleetflowSimulator");
    all.forEach(cluster::claim);
    return cluster;
  }

  /** A client of this cluster's API, as the agent uses it. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Makes every write wait this long before the cluster serves it, as a slow or distant API server
   * does, so a test can catch a multi-step operation in its middle; zero (the default) serves
   * writes at once.
   */
  public void delayWrites(java.time.Duration delay) {
    server.delayWrites(delay);
  }

  /**
   * How many times the object at an API path (such as {@code /api/v1/namespaces/a/configmaps/b})
   * was written with the given method (POST for its creation, PUT, PATCH, DELETE), so tests can
   * check that every change reached the cluster once.
   */
  public int writes(String method, String objectPath) {
    return writes.count(method, objectPath);
  }

  /**
   * The API path where the cluster serves the same counts to any client, as a JSON object from
   * {@code "METHOD /object/path"} to its count ({@code kubectl get --raw /simulator/writes}), for
   * clusters hosted by another process, such as an agent's fleet JVM.
   */
  public static String writesPath() {
    return SimulatorDispatcher.WRITES_PATH;
  }

  /** The URL of this cluster's API server. */
  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * Writes a kubeconfig for this cluster to {@code directory/<name>.kubeconfig}, so that operators
   * can look at the cluster with {@code kubectl}.
   */
  public Path writeKubeconfig(Path directory) {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s-admin
          user:
            token: simulated
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s-admin
            namespace: default
        current-context: %1$s
        """
            .formatted(name, url());
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(name + ".kubeconfig");
      Files.writeString(file, kubeconfig);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig of " + name, e);
    }
  }

  /** Creates or replaces a ClusterClaim object on this cluster. */
  public void claim(String claimName, String value) {
    io.fabric8.kubernetes.api.model.GenericKubernetesResource claim =
        new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    claim.setApiVersion("cluster.open-cluster-management.io/v1alpha1");
    claim.setKind("ClusterClaim");
    claim.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    claim.getMetadata().setName(claimName);
    claim.setAdditionalProperty("spec", Map.of("value", value));
    client
        .genericKubernetesResources(io.fleetflow.activities.agent.ClusterClaimReader.CLUSTER_CLAIMS)
        .resource(claim)
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  private void seed() {
    for (String ns : new String[] {"default", "kube-system", "kube-public"}) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name + "-node-1")
                .endMetadata()
                .withNewStatus()
                .addToCapacity("cpu", new Quantity("4"))
                .addToCapacity("memory", new Quantity("16Gi"))
                .addToCapacity("pods", new Quantity("110"))
                .addToAllocatable("cpu", new Quantity("3800m"))
                .addToAllocatable("memory", new Quantity("15Gi"))
                .addToAllocatable("pods", new Quantity("110"))
                .endStatus()
                .build())
        .create();
  }

  /** How many watches clients keep open on this cluster's API. */
  int openWatches() {
    return dispatcher.openWatches();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
