package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Builds every Kubernetes client of a process on one shared Vert.x instance, one executor of
 * virtual threads and one serializer. fabric8 gives each client it builds a Vert.x of its own (an
 * acceptor, up to twice as many event loops as cores, a blocked-thread checker, a blocking pool), a
 * thread pool for its callbacks and an object mapper that learns every model class again; a fleet
 * JVM that hosts hundreds of agents, each with a client of its cluster and a probe, held some
 * twenty platform threads per cluster that way. A client's requests are asynchronous, so a few
 * event loops serve every cluster, and its callbacks (watch events, informer handlers) run in order
 * per watch on virtual threads, which cost no platform thread while they wait.
 *
 * <p>Clients built here share those resources: closing a client closes its connections and leaves
 * the shared ones running for the others.
 */
public final class KubeClients {
  private KubeClients() {}

  /** Created on first use, so a process that builds no client starts no event loop. */
  private static final class Shared {
    static final Vertx VERTX =
        Vertx.vertx(
            new VertxOptions()
                // Clients do not block their event loops; two serve a fleet of clusters.
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(4)
                .setInternalBlockingPoolSize(2));
    static final HttpClient.Factory HTTP = new VertxHttpClientFactory(VERTX);
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final ExecutorService CALLBACKS =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kube-callback-", 0).factory());
  }

  /** A client of the cluster the configuration names. */
  public static KubernetesClient build(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(Shared.HTTP)
        .withKubernetesSerialization(Shared.SERIALIZATION)
        .withTaskExecutor(Shared.CALLBACKS)
        .build();
  }

  /**
   * A client of the same cluster as {@code client} with a changed configuration (shorter timeouts,
   * another user to impersonate).
   */
  public static KubernetesClient derive(
      KubernetesClient client, UnaryOperator<ConfigBuilder> change) {
    return build(change.apply(new ConfigBuilder(client.getConfiguration())).build());
  }
}
