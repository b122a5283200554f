package io.fleetflow.gateway.entity;

import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Vouching;
import io.fleetflow.client.rbac.RbacStore;
import io.fleetflow.gateway.auth.RequestAuthorizer;
import io.fleetflow.model.authz.ActorSeal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.nio.file.Path;
import java.util.Optional;
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
   * How the gateway vouches for its callers, with the key it shares with the hub, if one is set.
   */
  @Bean
  public GatewayVouching vouching(@Value("${fleetflow.actor-key-file:}") String actorKeyFile) {
    return new GatewayVouching(
        actorKeyFile.isBlank()
            ? Optional.empty()
            : Optional.of(Vouching.asGateway(ActorSeal.fromFile(Path.of(actorKeyFile)))));
  }

  /**
   * The gateway's vouching, or empty without an actor key.
   *
   * @param vouching the vouching
   */
  public record GatewayVouching(Optional<Vouching> vouching) {}

  /**
   * The gateway's entity client. With {@code fleetflow.actor-key-file} set (the key the gateway
   * shares with the hub), it sends every caller with the voucher the {@link RequestAuthorizer}
   * made, so workflows can believe what the caller may do.
   */
  @Bean
  public EntityClient entityClient(WorkflowClient client, GatewayVouching vouching) {
    return vouching
        .vouching()
        .map(v -> new EntityClient(client, v))
        .orElseGet(() -> new EntityClient(client));
  }

  /**
   * The hub's RBAC objects, listed once and then followed from the change feed ({@link
   * io.fleetflow.gateway.cache.GatewayFeed}); every request is authorized by them.
   */
  @Bean
  public RbacStore rbacStore(WorkflowClient client) {
    return new RbacStore(new EntityClient(client));
  }

  @Bean
  public RequestAuthorizer requestAuthorizer(RbacStore rbac, GatewayVouching vouching) {
    return new RequestAuthorizer(rbac, vouching.vouching());
  }
}
