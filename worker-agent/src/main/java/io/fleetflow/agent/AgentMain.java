package io.fleetflow.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.agent.identity.AgentIdentity;
import io.fleetflow.agent.identity.SecretIdentity;
import io.fleetflow.client.EntityClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the agent of one real cluster, from its kubeconfig or from inside one of its pods. The
 * agent-fleet jar runs the same agents on simulated clusters through {@link #run(String[],
 * java.util.function.Function)}, many in one JVM sharing one connection to the hub's Temporal.
 */
public final class AgentMain {
  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    run(
        args,
        options -> {
          if (options.simulate()) {
            throw new IllegalArgumentException(
                "this is the agent for real clusters: simulated clusters run in the agent-fleet"
                    + " jar (./fleetflow agent --simulate)\n"
                    + AgentOptions.USAGE);
          }
          return new RealClusters(options);
        });
  }

  /**
   * Parses the command line, starts the agents with the connector the options call for, and runs
   * until the JVM is stopped. A bad command line ends the JVM with exit code 2 and the reason.
   */
  public static void run(
      String[] args, java.util.function.Function<AgentOptions, ClusterConnector> connectors)
      throws Exception {
    AgentOptions options;
    ClusterConnector connector;
    try {
      options = AgentOptions.parse(args);
      connector = connectors.apply(options);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<AutoCloseable> running = start(options, connector);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  closeAll(running);
                  stopped.countDown();
                }));
    stopped.await();
  }

  /** Starts every agent the options name and returns what must be closed, in closing order. */
  static List<AutoCloseable> start(AgentOptions options, ClusterConnector connector)
      throws IOException {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(options.temporalAddress()).build());
    WorkflowClient hub =
        WorkflowClient.newInstance(
            service,
            // A closed ManagedCluster workflow is a removed cluster, which must join again.
            EntityClient.configure(WorkflowClientOptions.newBuilder())
                .setNamespace(options.namespace())
                .build());
    List<AutoCloseable> running = new ArrayList<>();
    for (String name : options.clusterNames()) {
      KubernetesClient client = connector.connect(name, running);
      // A pod has no state directory that outlives it, so an in-cluster agent keeps its
      // identity in a Secret of its namespace.
      AgentIdentity identity =
          options.source() == AgentOptions.ClusterSource.IN_CLUSTER
              ? SecretIdentity.loadOrCreate(client, client.getNamespace())
              : AgentIdentity.loadOrCreate(options.stateDir().resolve("agents").resolve(name));
      ClusterAgent agent = new ClusterAgent(name, client, identity, hub);
      agent.start();
      running.add(0, agent);
      log.info("agent of cluster {} started with identity {}", name, identity.fingerprint());
    }
    running.add(service::shutdown);
    return running;
  }

  private static void closeAll(List<AutoCloseable> running) {
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error while stopping: {}", e.getMessage());
      }
    }
  }
}
