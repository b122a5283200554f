package io.fleetflow.cli.connect;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetflow.cli.CommandFailure;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The hub's API as the commands use it: reads, changes and subresources by path, and watches, over
 * one fabric8 client (so the kubeconfig's credentials, trust and proxies apply). Every failure is a
 * {@link KubernetesClientException}: with the HTTP code and the gateway's {@code Status} when the
 * gateway answered, with code 0 and the cause when it could not be reached.
 */
public final class Hub implements AutoCloseable {
  private static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final KubernetesClient client;
  private final Connection connection;

  private Hub(KubernetesClient client, Connection connection) {
    this.client = client;
    this.connection = connection;
  }

  /** Opens a client for the connection; close it when the command is done. */
  public static Hub connect(Connection connection) {
    return new Hub(
        new KubernetesClientBuilder().withConfig(connection.config()).build(), connection);
  }

  /** The API server's URL. */
  public String server() {
    return connection.server();
  }

  /** The namespace to use when a command names none. */
  public String namespace() {
    return connection.namespace();
  }

  /** Reads an object or subresource. */
  public <T> T get(ApiPath path, Class<T> type) {
    return send(request(path, Map.of()).build(), type);
  }

  /** Posts a JSON body to an object or subresource and reads the answer. */
  public <T> T post(ApiPath path, Object body, Class<T> type) {
    return send(request(path, Map.of()).post(JSON, serialization().asJson(body)).build(), type);
  }

  /**
   * Changes an object with a JSON merge patch (RFC 7386).
   *
   * @param headers extra request headers, such as the reason for the change
   */
  public <T> T mergePatch(ApiPath path, String patch, Map<String, String> headers, Class<T> type) {
    return send(request(path, headers).patch(MERGE_PATCH, patch).build(), type);
  }

  /**
   * Watches one object, as kubectl's {@code --watch} does: fabric8 streams the gateway's watch
   * events to the watcher and re-establishes the watch when the server ends it.
   *
   * @param resourceVersion the version already seen, or null
   */
  public <T extends HasMetadata> Watch watch(
      Class<T> kind, String namespace, String name, String resourceVersion, Watcher<T> watcher) {
    var one = client.resources(kind).inNamespace(namespace).withName(name);
    return resourceVersion == null
        ? one.watch(watcher)
        : one.withResourceVersion(resourceVersion).watch(watcher);
  }

  private HttpRequest.Builder request(ApiPath path, Map<String, String> headers) {
    HttpRequest.Builder request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(server() + path)
            .header("Accept", JSON)
            .timeout(connection.config().getRequestTimeout(), TimeUnit.MILLISECONDS);
    headers.forEach(request::header);
    return request;
  }

  private <T> T send(HttpRequest request, Class<T> type) {
    HttpResponse<String> response;
    try {
      response = client.getHttpClient().sendAsync(request, String.class).get();
    } catch (ExecutionException e) {
      throw new KubernetesClientException("the request failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted");
    }
    if (!response.isSuccessful()) {
      throw new KubernetesClientException(OperationSupport.createStatus(response, serialization()));
    }
    return serialization().unmarshal(response.body(), type);
  }

  private KubernetesSerialization serialization() {
    return client.getKubernetesSerialization();
  }

  @Override
  public void close() {
    client.close();
  }
}
