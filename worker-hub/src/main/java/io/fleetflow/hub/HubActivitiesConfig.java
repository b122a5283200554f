package io.fleetflow.hub;

import io.fleetflow.activities.hub.RegistrationActivitiesImpl;
import io.fleetflow.client.EntityClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's own activities, registered on {@code fleetflow-hub} by application.yaml, and the entity
 * client through which they reach other entities.
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
}
