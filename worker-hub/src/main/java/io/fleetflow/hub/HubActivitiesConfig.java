package io.fleetflow.hub;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import io.fleetflow.activities.hub.ChangeFeedActivitiesImpl;
import io.fleetflow.activities.hub.OwnerNoticeActivitiesImpl;
import io.fleetflow.activities.hub.RegistrationActivitiesImpl;
import io.fleetflow.activities.hub.liveness.ClusterLivenessActivitiesImpl;
import io.fleetflow.activities.hub.liveness.TaskQueuePollers;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Vouching;
import io.fleetflow.hub.feed.HubFeed;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.security.pki.ClusterSigner;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.HubWorkerOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's own activities, registered on {@code fleetflow-hub} by application.yaml, the hub
 * worker's options ({@link HubWorkerOptions}), and the entity client through which the activities
 * reach other entities.
 */
@Configuration
@EnableConfigurationProperties({RegistrationProperties.class, SignerProperties.class})
public class HubActivitiesConfig {
  private static final Logger log = LoggerFactory.getLogger(HubActivitiesConfig.class);

  @Bean
  public RegistrationActivitiesImpl registrationActivities(RegistrationProperties properties) {
    return new RegistrationActivitiesImpl(properties.toPolicy());
  }

  /**
   * The cluster signer's activities. The key is read when the first certificate is issued, so a hub
   * without a signer runs (and fails only those activities, saying what to configure).
   */
  @Bean
  public CertificateActivitiesImpl certificateActivities(
      SignerProperties properties, EntityClient entities) {
    Supplier<ClusterSigner> signer =
        Suppliers.memoize(
            () -> {
              if (properties.getDir().isBlank()) {
                throw new IllegalStateException(
                    "the hub has no cluster signer: set fleetflow.signer.dir to a directory with"
                        + " tls.crt and tls.key");
              }
              return ClusterSigner.load(Path.of(properties.getDir()));
            });
    return new CertificateActivitiesImpl(
        signer::get, properties.getCertificateLifetime(), Clock.systemUTC(), entities);
  }

  /**
   * Tells which clusters' agents poll their task queues, from Temporal's record of each queue's
   * pollers, for the liveness sweep.
   */
  @Bean
  public ClusterLivenessActivitiesImpl clusterLivenessActivities(WorkflowClient client) {
    return new ClusterLivenessActivitiesImpl(
        client,
        EntityOperations.HUB_TASK_QUEUE,
        new TaskQueuePollers(client),
        System::currentTimeMillis);
  }

  /** Tells owners of generated works about their works' status (a local activity of a work). */
  @Bean
  public OwnerNoticeActivitiesImpl ownerNoticeActivities(WorkflowClient client) {
    return new OwnerNoticeActivitiesImpl(client);
  }

  /** Hands entities' changes to the change feed (a local activity of every entity). */
  @Bean
  public ChangeFeedActivitiesImpl changeFeedActivities(WorkflowClient client) {
    return new ChangeFeedActivitiesImpl(client, EntityOperations.HUB_TASK_QUEUE);
  }

  /** What the entity client needs of Temporal's client: closed workflows refuse queries. */
  @Bean
  public TemporalOptionsCustomizer<WorkflowClientOptions.Builder> entityClientOptions() {
    return EntityClient::configure;
  }

  /**
   * The hub's reader of the change feed: the RBAC objects the hub vouches by, and the cache its
   * placements read the fleet from.
   */
  @Bean(destroyMethod = "close")
  public HubFeed hubFeed(WorkflowClient client) {
    return new HubFeed(client).start();
  }

  /**
   * The hub activities' entity client. With {@code fleetflow.actor-key-file} set (the key the hub
   * shares with the gateway), the hub's workflows believe only actors vouched for with it ({@link
   * EntityAuthority}), and this client vouches for the hub's own actors, and the actors it passes
   * on, for the workflows it sends them to, by the hub's RBAC objects (followed from the change
   * feed by the {@link HubFeed}'s {@link io.fleetflow.client.rbac.RbacStore}).
   */
  @Bean
  public EntityClient entityClient(
      WorkflowClient client,
      HubFeed feed,
      @Value("${fleetflow.actor-key-file:}") String actorKeyFile) {
    if (actorKeyFile.isBlank()) {
      log.warn(
          "fleetflow.actor-key-file is not set: the hub's workflows believe every actor as sent,"
              + " so any Temporal client can act as any user; ./fleetflow up sets it");
      return new EntityClient(client);
    }
    ActorSeal seal = ActorSeal.fromFile(Path.of(actorKeyFile));
    EntityAuthority.install(seal);
    return new EntityClient(client, Vouching.asHub(seal, feed.rbac()));
  }

  @Bean
  public WorkerOptionsCustomizer hubWorkerOptions() {
    return (options, workerName, taskQueue) -> HubWorkerOptions.apply(options);
  }
}
