package io.fleetflow.agent;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Boot application around an agent process (one agent, or a simulated fleet): it owns
 * nothing but the operational surface, actuator's health, liveness and readiness and the Prometheus
 * endpoint (Temporal SDK metrics, lease age), on the management port the options name. Readiness
 * turns to ACCEPTING_TRAFFIC once every agent has started, because the agents start in an
 * ApplicationRunner; stopping the JVM closes the context and with it the agents.
 *
 * <p>Who may read the endpoints: whoever reaches the port. It binds to 127.0.0.1 unless {@code
 * --management-address} says otherwise (in a pod, the pod's address, for the kubelet's probes and
 * the scraper, behind a NetworkPolicy).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class AgentApplication {

  /** Starts the application and the agents in it; returns once they run. */
  static void start(AgentOptions options, ClusterConnector connector) {
    AgentOptions.Management management = options.management();
    new SpringApplicationBuilder(AgentApplication.class)
        .bannerMode(Banner.Mode.OFF)
        .properties(
            Map.of(
                "spring.application.name", "fleetflow-agent",
                "server.port", management.port(),
                "server.address", management.address(),
                "fleetflow.log.json", management.jsonLogs()))
        .initializers(
            context -> {
              context.getBeanFactory().registerSingleton("agentOptions", options);
              context.getBeanFactory().registerSingleton("clusterConnector", connector);
            })
        .run();
  }

  /** The agents of this process, started once the context is ready and closed with it. */
  @Bean
  Agents agents(
      AgentOptions agentOptions, ClusterConnector clusterConnector, MeterRegistry metrics) {
    return new Agents(agentOptions, clusterConnector, metrics);
  }

  /** Runs the agents for the application's lifetime. */
  static final class Agents implements ApplicationRunner, AutoCloseable {
    private final AgentOptions options;
    private final ClusterConnector connector;
    private final MeterRegistry metrics;
    private volatile List<AutoCloseable> running = List.of();

    Agents(AgentOptions options, ClusterConnector connector, MeterRegistry metrics) {
      this.options = options;
      this.connector = connector;
      this.metrics = metrics;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
      running = AgentMain.start(options, connector, metrics);
    }

    @Override
    public void close() {
      AgentMain.closeAll(running);
    }
  }
}
