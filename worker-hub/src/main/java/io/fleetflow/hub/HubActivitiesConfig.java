package io.fleetflow.hub;

import io.fleetflow.activities.hub.RegistrationActivitiesImpl;
import io.fleetflow.client.EntityClient;
import io.fleetflow.workflows.entity.HubWorkerOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's own activities, registered on {@code fleetflow-hub} by application.yaml, the hub
 * worker's options ({@link HubWorkerOptions}), and the entity client through which the activities
 * reach other entities.
 */
@Configuration
@EnableConfigurationProperties(RegistrationProperties.class)
public class HubActivitiesConfig {
  @Bean
  public RegistrationActivitiesImpl registrationActivities(RegistrationProperties properties) {
    return new RegistrationActivitiesImpl(properties.toPolicy());
  }

  /** What the entity client needs of Temporal's client: closed workflows refuse queries. */
  @Bean
  public TemporalOptionsCustomizer<WorkflowClientOptions.Builder> entityClientOptions() {
    return EntityClient::configure;
  }

  @Bean
  public EntityClient entityClient(WorkflowClient client) {
    return new EntityClient(client);
  }

  @Bean
  public WorkerOptionsCustomizer hubWorkerOptions() {
    return (options, workerName, taskQueue) -> HubWorkerOptions.apply(options);
  }
}
