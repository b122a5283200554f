package io.fleetflow.gateway.entity;

import io.fleetflow.client.EntityClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Configures the gateway's Temporal client for reading entities, and the entity client on it. */
@Configuration
public class TemporalClientConfig {
  /**
   * Refuses queries on closed workflows: a closed entity workflow is a deleted object, and reading
   * its last state would show a deleted object as if it still existed.
   */
  @Bean
  public TemporalOptionsCustomizer<WorkflowClientOptions.Builder> rejectQueriesOnClosedEntities() {
    return EntityClient::configure;
  }

  @Bean
  public EntityClient entityClient(WorkflowClient client) {
    return new EntityClient(client);
  }
}
