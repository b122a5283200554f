package io.fleetflow.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fleetflow.agent.hub.BootstrapAccess;
import io.fleetflow.agent.hub.ClusterCredentials;
import io.fleetflow.agent.hub.HubConnection;
import io.fleetflow.agent.identity.AgentIdentity;
import io.fleetflow.agent.simulator.SimulatedCluster;
import io.fleetflow.security.codec.PayloadEncryption;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one agent for a real cluster, or in fleet mode many agents for simulated clusters in one
 * JVM, all sharing one connection to the hub's Temporal.
 */
public final class AgentMain {
  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    AgentOptions options;
    try {
      options = AgentOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    List<AutoCloseable> running = start(options);
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
  static List<AutoCloseable> start(AgentOptions options) throws IOException {
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
                  .build());
    } else {
      log.info("reaching the hub through its front door at {}", frontDoor.target());
    }
    List<AutoCloseable> running = new ArrayList<>();
    for (String name : options.clusterNames()) {
      KubernetesClient client;
      if (options.simulate()) {
        SimulatedCluster simulated = SimulatedCluster.start(name, options.claims());
        simulated.writeKubeconfig(options.stateDir().resolve("clusters"));
        running.add(simulated);
        client = simulated.client();
        log.info("simulated cluster {} serves its API on {}", name, simulated.url());
      } else {
        client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(options.kubeconfig())))
                .build();
        running.add(client);
      }
      Path agentDir = options.stateDir().resolve("agents").resolve(name);
      AgentIdentity identity = AgentIdentity.loadOrCreate(agentDir);
      HubConnection hub =
          frontDoor == null
              ? HubConnection.direct(
                  direct,
                  options.namespace(),
                  PayloadEncryption.dataConverter(
                      options.payloadKeys() == null ? null : options.payloadKeys().toString(),
                      "agent"))
              : HubConnection.frontDoor(
                  frontDoor, new ClusterCredentials(identity, agentDir), options.namespace());
      running.add(hub);
      ClusterAgent agent = new ClusterAgent(name, client, identity, hub.client());
      agent.start();
      running.add(0, agent);
      log.info("agent of cluster {} started with identity {}", name, identity.fingerprint());
    }
    if (direct != null) {
      running.add(direct::shutdown);
    }
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
