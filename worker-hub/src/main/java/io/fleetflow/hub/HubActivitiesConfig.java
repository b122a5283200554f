package io.fleetflow.hub;

import io.fleetflow.activities.hub.RegistrationActivitiesImpl;
import io.fleetflow.workflows.entity.HubWorkerOptions;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's own activities, registered on {@code fleetflow-hub} by application.yaml, and the hub
 * worker's options ({@link HubWorkerOptions}).
 */
@Configuration
@EnableConfigurationProperties(RegistrationProperties.class)
public class HubActivitiesConfig {
  @Bean
  public RegistrationActivitiesImpl registrationActivities(RegistrationProperties properties) {
    return new RegistrationActivitiesImpl(properties.toPolicy());
  }

  @Bean
  public WorkerOptionsCustomizer hubWorkerOptions() {
    return (options, workerName, taskQueue) -> HubWorkerOptions.apply(options);
  }
}
