package io.fleetflow.frontdoor;

import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.codec.PayloadCompression;
import io.fleetflow.security.codec.PayloadEncryption;
import io.fleetflow.security.codec.PayloadKeyRing;
import io.fleetflow.security.pki.ClusterSigner;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door as a running server: TLS on the agents' side (client certificates requested, not
 * required, so that a bootstrap caller can ask to join), one connection to Temporal on the other.
 */
public final class FrontDoorServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FrontDoorServer.class);

  private final Server server;
  private final WorkflowServiceStubs temporal;
  private final ClusterStandings standings;
  private final ExecutorService executor;

  private FrontDoorServer(
      Server server,
      WorkflowServiceStubs temporal,
      ClusterStandings standings,
      ExecutorService executor) {
    this.server = server;
    this.temporal = temporal;
    this.standings = standings;
    this.executor = executor;
  }

  /** Starts serving; returns once the port is open. */
  public static FrontDoorServer start(FrontDoorOptions options) throws IOException {
    X509Certificate signer = Pem.certificate(Pem.read(options.signerCertificate()));
    BootstrapTokens bootstrapTokens = BootstrapTokens.read(options.bootstrapTokens());
    Optional<PayloadKeyRing> keys =
        Optional.ofNullable(options.payloadKeys()).map(PayloadKeyRing::read);
    if (keys.isEmpty()) {
      log.warn("no --payload-keys: payloads pass the front door as they are, in plain text");
    }
    TaskTokens taskTokens = TaskTokens.fromFile(options.taskTokenKey());
    WorkflowServiceStubs temporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(options.temporalAddress()).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            temporal,
            WorkflowClientOptions.newBuilder()
                .setNamespace(options.namespace())
                .setDataConverter(
                    keys.map(PayloadEncryption::dataConverter)
                        .orElseGet(PayloadCompression::dataConverter))
                .setIdentity("fleetflow-front-door")
                .build());
    Clock clock = Clock.systemUTC();
    ClusterStandings standings = new ClusterStandings(client, options.standingsRefresh(), clock);
    AgentProxy proxy =
        new AgentProxy(
            temporal.getRawChannel(),
            new AgentPolicy(options.namespace()),
            standings,
            new CallRewriter(keys, taskTokens));
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus(WorkflowServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus("", ServingStatus.SERVING);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "front-door-call");
              t.setDaemon(true);
              return t;
            });
    var tls =
        GrpcSslContexts.forServer(
                options.tls().resolve(ClusterSigner.CERT_FILE).toFile(),
                options.tls().resolve(ClusterSigner.KEY_FILE).toFile())
            // Any certificate may be offered; CallerAuthentication checks it against the cluster
            // signer on every call and says why it refuses one. The handshake itself has already
            // proved that the client holds the certificate's key.
            .clientAuth(ClientAuth.OPTIONAL)
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .build();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(options.host(), options.port()))
            .sslContext(tls)
            .executor(executor)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .maxInboundMessageSize(128 * 1024 * 1024)
            .addService(
                ServerInterceptors.intercept(
                    proxy.service(),
                    new CallerAuthentication(() -> signer, bootstrapTokens, clock)))
            .addService(health.getHealthService())
            .build()
            .start();
    log.info(
        "front door listening on {}:{} for agents, forwarding to Temporal at {} (namespace {})",
        options.host(),
        server.getPort(),
        options.temporalAddress(),
        options.namespace());
    return new FrontDoorServer(server, temporal, standings, executor);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** Waits until the server stops. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
    standings.close();
    temporal.shutdown();
    executor.shutdownNow();
  }
}
