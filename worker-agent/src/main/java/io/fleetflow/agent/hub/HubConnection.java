package io.fleetflow.agent.hub;

import com.uber.m3.tally.Scope;
import io.fleetflow.client.EntityClient;
import io.fleetflow.security.codec.PayloadCompression;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Instant;
import java.util.Enumeration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * How an agent reaches the hub. Through the front door (the default when a bootstrap kubeconfig is
 * given): with its client certificate once it has one, and with the bootstrap token before, which
 * lets it ask to join and nothing else. Payloads cross the front door in plain text over TLS and
 * are encrypted there, so the agent holds no payload key. Straight to Temporal is kept for
 * benchmarks and trusted single-machine setups; it needs the payload key ring to read encrypted
 * payloads.
 */
public final class HubConnection implements AutoCloseable {
  private final WorkflowServiceStubs certifiedStubs;
  private final WorkflowServiceStubs bootstrapStubs;
  private final WorkflowClient certified;
  private final WorkflowClient bootstrap;
  private final ClusterCredentials credentials;
  private final SslContext certifiedTls;
  private final boolean ownsStubs;

  private HubConnection(
      WorkflowServiceStubs certifiedStubs,
      WorkflowServiceStubs bootstrapStubs,
      String namespace,
      DataConverter converter,
      ClusterCredentials credentials,
      SslContext certifiedTls,
      boolean ownsStubs) {
    this.ownsStubs = ownsStubs;
    this.certifiedTls = certifiedTls;
    this.certifiedStubs = certifiedStubs;
    this.bootstrapStubs = bootstrapStubs;
    this.certified = client(certifiedStubs, namespace, converter);
    this.bootstrap =
        bootstrapStubs == null ? certified : client(bootstrapStubs, namespace, converter);
    this.credentials = credentials;
  }

  /**
   * Straight to Temporal's frontend, as before the front door existed (benchmark baselines), over
   * stubs that the caller owns and closes.
   *
   * @param converter the data converter, with the payload keys when payloads are encrypted
   */
  public static HubConnection direct(
      WorkflowServiceStubs stubs, String namespace, DataConverter converter) {
    return new HubConnection(stubs, null, namespace, converter, null, null, false);
  }

  /** Through the front door that a bootstrap kubeconfig names, as one cluster's agent. */
  public static HubConnection frontDoor(
      BootstrapAccess access, ClusterCredentials credentials, String namespace, Scope metrics) {
    try {
      SslContext mutual =
          GrpcSslContexts.configure(
                  io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(),
                  SslProvider.JDK)
              .trustManager(access.frontDoorCertificate())
              .keyManager(credentials.keyManager())
              .build();
      SslContext serverOnly =
          GrpcSslContexts.configure(
                  io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(),
                  SslProvider.JDK)
              .trustManager(access.frontDoorCertificate())
              .build();
      WorkflowServiceStubs certifiedStubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(access.target())
                  .setSslContext(mutual)
                  .setMetricsScope(metrics)
                  .build());
      WorkflowServiceStubs bootstrapStubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(access.target())
                  .setSslContext(serverOnly)
                  .addApiKey(access::token)
                  .build());
      return new HubConnection(
          certifiedStubs,
          bootstrapStubs,
          namespace,
          // The front door decrypts what the agent receives; a large payload arrives compressed.
          PayloadCompression.dataConverter(),
          credentials,
          mutual,
          true);
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS to the front door " + access.target(), e);
    }
  }

  private static WorkflowClient client(
      WorkflowServiceStubs stubs, String namespace, DataConverter converter) {
    return WorkflowClient.newInstance(
        stubs,
        // A closed ManagedCluster workflow is a removed cluster, which must join again.
        EntityClient.configure(WorkflowClientOptions.newBuilder())
            .setNamespace(namespace)
            .setDataConverter(converter)
            .build());
  }

  /** Whether the agent has a certificate to work with (always true straight to Temporal). */
  public boolean certified() {
    return credentials == null || credentials.certificate(Instant.now()).isPresent();
  }

  /** The client for the agent's work: certified through the front door. */
  public WorkflowClient client() {
    return certified;
  }

  /** The client for joining: the bootstrap token through the front door. */
  public WorkflowClient bootstrapClient() {
    return bootstrap;
  }

  /** The agent's credentials, or null straight to Temporal. */
  public ClusterCredentials credentials() {
    return credentials;
  }

  /**
   * Makes the next calls use a new TLS connection, so a renewed certificate is presented; calls in
   * flight finish on the old one.
   */
  public void reconnect() {
    if (certifiedTls != null) {
      // A resumed TLS session presents no certificate: the front door would see the one the
      // session was made with, the old one, until it expires. Forgetting the sessions makes the
      // next connection a full handshake with the renewed certificate.
      SSLSessionContext sessions = certifiedTls.sessionContext();
      for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
        SSLSession session = sessions.getSession(ids.nextElement());
        if (session != null) {
          session.invalidate();
        }
      }
    }
    if (certifiedStubs.getRawChannel() instanceof ManagedChannel channel) {
      channel.enterIdle();
    }
  }

  @Override
  public void close() {
    if (!ownsStubs) {
      // Straight to Temporal, the agents of a fleet share one connection, closed by its owner.
      return;
    }
    certifiedStubs.shutdown();
    if (bootstrapStubs != null) {
      bootstrapStubs.shutdown();
    }
  }
}
