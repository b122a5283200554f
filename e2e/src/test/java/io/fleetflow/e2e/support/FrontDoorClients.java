package io.fleetflow.e2e.support;

import io.fleetflow.agent.identity.AgentIdentity;
import io.fleetflow.model.certificates.ClusterCsr;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.pki.CertificateRequests;
import io.fleetflow.security.pki.ClusterSigner;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;

/**
 * Test-side clients of a secure fleet's front door, holding whatever credential a scenario needs: a
 * cluster's certificate (issued here by the fleet's cluster signer, as the hub does when the
 * cluster's request is approved), a certificate from another signer, the bootstrap token, or
 * nothing.
 */
public final class FrontDoorClients {
  private final Fleet fleet;

  public FrontDoorClients(Fleet fleet) {
    this.fleet = fleet;
  }

  /**
   * Gives an agent state directory a certificate for its cluster, as the hub's signer would issue
   * it, so that an agent started on that directory works through the front door.
   */
  public X509Certificate provision(String cluster, String stateName, Duration lifetime) {
    Path agentDir = fleet.dir().resolve(stateName).resolve("agents").resolve(cluster);
    AgentIdentity identity = AgentIdentity.loadOrCreate(agentDir);
    X509Certificate certificate = issue(cluster, identity.keyPair(), lifetime, signer());
    Pem.write(agentDir.resolve("client.crt"), Pem.encode(certificate), false);
    return certificate;
  }

  /** A certificate for a key, issued by a signer, for a cluster. */
  public static X509Certificate issue(
      String cluster, KeyPair keys, Duration lifetime, ClusterSigner signer) {
    ClusterCsr csr = ClusterCsr.parse(CertificateRequests.create(cluster, "agent", keys), cluster);
    return signer.issue(csr, lifetime, Instant.now());
  }

  /** The fleet's cluster signer. */
  public ClusterSigner signer() {
    return ClusterSigner.load(fleet.pki().resolve("cluster-signer"));
  }

  /** Stubs that present a client certificate and key. */
  public WorkflowServiceStubs withCertificate(X509Certificate certificate, KeyPair keys) {
    return stubs(tls().keyManager(keys.getPrivate(), certificate), null);
  }

  /** Stubs that present only a bearer token (the bootstrap token, or a made-up one). */
  public WorkflowServiceStubs withToken(String token) {
    return stubs(tls(), token);
  }

  /** Stubs with no credential at all. */
  public WorkflowServiceStubs anonymous() {
    return stubs(tls(), null);
  }

  /** The fleet's bootstrap token. */
  public String bootstrapToken() {
    return Pem.read(fleet.pki().resolve("bootstrap-tokens"))
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .findFirst()
        .orElseThrow();
  }

  private SslContextBuilder tls() {
    return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
        .trustManager(Pem.certificate(Pem.read(fleet.pki().resolve("front-door/tls.crt"))));
  }

  private WorkflowServiceStubs stubs(SslContextBuilder tls, String token) {
    try {
      WorkflowServiceStubsOptions.Builder options =
          WorkflowServiceStubsOptions.newBuilder()
              .setTarget("127.0.0.1:" + fleet.frontDoorPort())
              .setSslContext(tls.build())
              .setRpcTimeout(Duration.ofSeconds(20));
      if (token != null) {
        options.addApiKey(() -> token);
      }
      return WorkflowServiceStubs.newServiceStubs(options.build());
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }
}
