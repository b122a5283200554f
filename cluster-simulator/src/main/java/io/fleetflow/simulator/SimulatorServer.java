package io.fleetflow.simulator;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP server of one simulated cluster, on a Vert.x instance that every simulated cluster of
 * the JVM shares. fabric8's mock server starts a Vert.x of its own per server (its event loops, an
 * acceptor, a blocked-thread checker) and keeps every request it served for {@code takeRequest}; a
 * fleet JVM of hundreds of clusters paid for both. The requests go through fabric8's own adapter
 * ({@link HttpServerRequestHandler}) to the cluster's dispatcher, as in the mock server.
 *
 * <p>Every dispatch is quick and never blocks, since one event loop serves many clusters: a write
 * made to wait ({@link #delayWrites}) waits on a timer before it is dispatched.
 */
final class SimulatorServer implements AutoCloseable {
  /** The subprotocols fabric8's mock server accepts for exec and attach streams. */
  private static final List<String> CHANNEL_PROTOCOLS =
      List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** Created on first use, so a process that simulates no cluster starts no event loop. */
  private static final class Shared {
    static final Vertx VERTX =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
  }

  private final HttpServer server;
  private final Dispatcher dispatcher;
  private volatile long writeDelayMillis;

  private SimulatorServer(HttpServer server, Dispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
  }

  /** Serves the dispatcher's answers on a free loopback port. */
  static SimulatorServer start(Dispatcher dispatcher) {
    Vertx vertx = Shared.VERTX;
    HttpServer http =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setWebSocketSubProtocols(CHANNEL_PROTOCOLS)
                .setHandle100ContinueAutomatically(true));
    SimulatorServer simulator = new SimulatorServer(http, dispatcher);
    HttpServerRequestHandler handler =
        new HttpServerRequestHandler(vertx) {
          @Override
          protected MockResponse onHttpRequest(RecordedRequest request) {
            return dispatcher.dispatch(request);
          }
        };
    http.requestHandler(
        request -> {
          long delay = simulator.writeDelayMillis;
          if (delay > 0 && request.method() != HttpMethod.GET) {
            request.pause();
            vertx.setTimer(delay, timer -> handler.handle(request));
          } else {
            handler.handle(request);
          }
        });
    await(http.listen(), "start");
    return simulator;
  }

  /** Makes every write wait this long before it is served, as a slow or distant API server does. */
  void delayWrites(Duration delay) {
    writeDelayMillis = delay.toMillis();
  }

  /** The port the server listens on. */
  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    // The dispatcher ends its open watches first, so the server has no stream left to wait for.
    dispatcher.shutdown();
    await(server.close(), "stop");
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the simulated API server would " + what);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the simulated API server did not " + what, e);
    }
  }
}
