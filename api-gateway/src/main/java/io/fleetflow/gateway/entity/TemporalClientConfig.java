package io.fleetflow.gateway.entity;

import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Vouching;
import io.fleetflow.model.authz.ActorSeal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
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

  /**
   * The gateway's entity client. With {@code fleetflow.actor-key-file} set (the key the gateway
   * shares with the hub), it vouches for every caller it sends, so workflows can believe what the
   * caller may do.
   */
  @Bean
  public EntityClient entityClient(
      WorkflowClient client, @Value("${fleetflow.actor-key-file:}") String actorKeyFile) {
    return actorKeyFile.isBlank()
        ? new EntityClient(client)
        : new EntityClient(client, Vouching.asGateway(ActorSeal.fromFile(Path.of(actorKeyFile))));
  }
}
