package io.fleetflow.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.agent.hub.BootstrapAccess;
import io.fleetflow.agent.hub.ClusterCredentials;
import io.fleetflow.agent.hub.HubConnection;
import io.fleetflow.agent.identity.AgentIdentity;
import io.fleetflow.agent.identity.SecretIdentity;
import io.fleetflow.agent.work.HolderRegistry;
import io.fleetflow.observability.TemporalMetrics;
import io.fleetflow.security.codec.PayloadEncryption;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  public static void main(String[] args) {
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
   * Parses the command line, starts the agents with the connector the options call for inside a
   * small Spring Boot application that serves their health and metrics (see {@link
   * AgentApplication}), and runs until the JVM is stopped. A bad command line ends the JVM with
   * exit code 2 and the reason.
   */
  public static void run(
      String[] args, java.util.function.Function<AgentOptions, ClusterConnector> connectors) {
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
    AgentApplication.start(options, connector);
  }

  /** Starts every agent the options name and returns what must be closed, in closing order. */
  static List<AutoCloseable> start(
      AgentOptions options, ClusterConnector connector, MeterRegistry metrics) throws IOException {
    BootstrapAccess frontDoor =
        options.bootstrapKubeconfig() == null
            ? null
            : BootstrapAccess.read(options.bootstrapKubeconfig());
    WorkflowServiceStubs direct = null;
    if (frontDoor == null) {
      log.warn(
          "reaching Temporal straight at {}: without the front door, nothing limits what this agent"
              + " may do there",
          options.temporalAddress());
      direct =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(options.temporalAddress())
                  .setMetricsScope(TemporalMetrics.scope(metrics))
                  .build());
    } else {
      log.info("reaching the hub through its front door at {}", frontDoor.target());
    }
    List<AutoCloseable> running = new ArrayList<>();
    for (String name : options.clusterNames()) {
      KubernetesClient client = connector.connect(name, running);
      Path agentDir = options.stateDir().resolve("agents").resolve(name);
      // A pod has no state directory that outlives it, so an in-cluster agent keeps its
      // identity in a Secret of its namespace, and whom it applied works for in a ConfigMap.
      boolean inCluster = options.source() == AgentOptions.ClusterSource.IN_CLUSTER;
      AgentIdentity identity =
          inCluster
              ? SecretIdentity.loadOrCreate(client, client.getNamespace())
              : AgentIdentity.loadOrCreate(agentDir);
      HolderRegistry holders =
          inCluster
              ? HolderRegistry.inConfigMap(client, client.getNamespace())
              : HolderRegistry.inDirectory(agentDir);
      HubConnection hub =
          frontDoor == null
              ? HubConnection.direct(
                  direct,
                  options.namespace(),
                  PayloadEncryption.dataConverter(
                      options.payloadKeys() == null ? null : options.payloadKeys().toString(),
                      "agent"))
              : HubConnection.frontDoor(
                  frontDoor,
                  new ClusterCredentials(identity, agentDir),
                  options.namespace(),
                  TemporalMetrics.scope(metrics));
      running.add(hub);
      ClusterAgent agent = new ClusterAgent(name, client, identity, hub, holders);
      agent.start();
      Gauge.builder("fleetflow.agent.lease.age", agent, ClusterAgent::leaseAgeSeconds)
          .description("seconds since the agent last renewed its cluster's lease (NaN: never)")
          .baseUnit("seconds")
          .tag("cluster", name)
          .register(metrics);
      running.add(0, agent);
      log.info("agent of cluster {} started with identity {}", name, identity.fingerprint());
    }
    if (direct != null) {
      running.add(direct::shutdown);
    }
    return running;
  }

  static void closeAll(List<AutoCloseable> running) {
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error while stopping: {}", e.getMessage());
      }
    }
  }
}
