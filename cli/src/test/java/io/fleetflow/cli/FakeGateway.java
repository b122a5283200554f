package io.fleetflow.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in for the gateway, small enough to read in one go: it answers requests by method and
 * path from routes the test sets, with objects or Kubernetes {@code Status} errors; serves a watch
 * as the gateway does (an HTTP stream of JSON events, and a 503 to a WebSocket handshake); and
 * records every request, so tests can check what the CLI sent. A test registers it with
 * {@code @RegisterExtension}, and it stops after each test.
 */
public final class FakeGateway implements AutoCloseable, AfterEachCallback {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** A request as the fake received it. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    /** The first value of a header (names are case-insensitive, as in HTTP), or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
          .map(h -> h.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** An answer: an HTTP code and a JSON body. */
  public record Answer(int code, String body) {}

  private final HttpServer server;
  private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
  private final Map<String, List<String>> watches = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private FakeGateway(HttpServer server) {
    this.server = server;
  }

  /** Starts the fake on a free port of the loopback interface. */
  public static FakeGateway start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeGateway gateway = new FakeGateway(server);
      server.createContext("/", gateway::handle);
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.start();
      return gateway;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The fake's URL, as FLEETFLOW_GATEWAY or a kubeconfig names it. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code METHOD path} with a code and an object (serialised to JSON). */
  public FakeGateway on(String method, String path, int code, Object body) {
    String json = body instanceof String text ? text : JSON.asJson(body);
    return on(method, path, request -> new Answer(code, json));
  }

  /** Answers {@code METHOD path} as the function says. */
  public FakeGateway on(String method, String path, Function<Request, Answer> answer) {
    routes.put(method + " " + path, answer);
    return this;
  }

  /**
   * Serves a watch of {@code path} (the list path, as a watch asks for it): the events, each a
   * {@code {"type": ..., "object": ...}} line, then the stream stays open until the fake closes.
   */
  public FakeGateway onWatch(String path, List<String> events) {
    watches.put(path, events);
    return this;
  }

  /** A watch event line. */
  public static String event(String type, Object object) {
    return JSON.asJson(Map.of("type", type, "object", object));
  }

  /** A Kubernetes Status of a failed request, as the gateway answers with. */
  public static String status(int code, String reason, String message) {
    return JSON.asJson(
        Map.of(
            "kind",
            "Status",
            "apiVersion",
            "v1",
            "metadata",
            Map.of(),
            "status",
            "Failure",
            "message",
            message,
            "reason",
            reason,
            "code",
            code));
  }

  /** Every request received, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests with this method and path. */
  public List<Request> requests(String method, String path) {
    List<Request> matching = new ArrayList<>();
    for (Request r : requests) {
      if (r.method().equals(method) && r.path().equals(path)) {
        matching.add(r);
      }
    }
    return matching;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            body);
    requests.add(request);
    try (exchange) {
      String query = request.query() == null ? "" : request.query();
      if (request.method().equals("GET") && query.contains("watch=")) {
        watch(exchange, request);
        return;
      }
      Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
      Answer answer =
          route == null
              ? new Answer(404, status(404, "NotFound", "the fake has no " + request.path()))
              : route.apply(request);
      respond(exchange, answer.code(), answer.body());
    }
  }

  private void watch(HttpExchange exchange, Request request) throws IOException {
    String upgrade = request.header("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      // The gateway serves watches as HTTP streams only, and tells WebSocket clients so.
      respond(exchange, 503, status(503, "ServiceUnavailable", "watches are HTTP streams"));
      return;
    }
    List<String> events = watches.get(request.path());
    if (events == null) {
      respond(exchange, 404, status(404, "NotFound", "no watch of " + request.path()));
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (String event : events) {
      out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    try {
      // A watch stays open; the client ends it once it has seen what it waited for.
      closing.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
