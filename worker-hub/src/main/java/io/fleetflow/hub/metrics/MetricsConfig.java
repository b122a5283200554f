package io.fleetflow.hub.metrics;

import io.fleetflow.client.EntityClient;
import io.fleetflow.observability.ClusterLogContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The hub's operational surface beside actuator's: the fleet gauges, refreshed on a schedule, and
 * the cluster name in the log context of every workflow and activity that is about one cluster.
 */
@Configuration
@EnableScheduling
public class MetricsConfig {
  @Bean
  public FleetMetrics fleetMetrics(EntityClient entityClient, MeterRegistry registry) {
    return new FleetMetrics(entityClient, registry, Clock.systemUTC());
  }

  @Bean
  public TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> clusterLogContext() {
    // The hub's worker factory has no other interceptor.
    return builder -> builder.setWorkerInterceptors(ClusterLogContext.fromWorkflowIds());
  }
}
