package io.fleetflow.frontdoor;

import io.fleetflow.frontdoor.Caller.Bootstrap;
import io.fleetflow.frontdoor.Caller.ClusterAgent;
import io.fleetflow.security.pki.AgentCertificates;
import io.fleetflow.security.pki.AgentCertificates.AgentCertificate;
import io.fleetflow.security.pki.AgentCertificates.CertificateRefusedException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call: by the client certificate of the TLS connection (the handshake proved
 * the client holds its key; here it is checked against the cluster signer and its expiry, on every
 * call, so a certificate that expires on an open connection stops working), or, without one, by a
 * bootstrap token in the {@code authorization} header. The caller travels in the call's context; a
 * call with neither is refused with UNAUTHENTICATED.
 */
public final class CallerAuthentication implements ServerInterceptor {
  /** The authenticated caller of the current call. */
  public static final Context.Key<Caller> CALLER = Context.key("fleetflow-caller");

  /** The request headers, for the forwarding of the SDK's version headers. */
  public static final Context.Key<Metadata> HEADERS = Context.key("fleetflow-headers");

  private static final Logger log = LoggerFactory.getLogger(CallerAuthentication.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String HEALTH_SERVICE = "grpc.health.v1.Health";
  private static final int MAX_REMEMBERED = 20_000;

  private final Supplier<X509Certificate> signer;
  private final BootstrapTokens bootstrapTokens;
  private final Clock clock;

  /**
   * Certificates already checked, by the certificate itself (equal by encoding): TLS sessions are
   * no key, since a session's equality is its id, which TLS 1.3 sessions may share.
   */
  private final Map<X509Certificate, AgentCertificate> verified = new ConcurrentHashMap<>();

  /**
   * @param signer the cluster signer's current certificate
   * @param bootstrapTokens the tokens a new agent may join with
   */
  public CallerAuthentication(
      Supplier<X509Certificate> signer, BootstrapTokens bootstrapTokens, Clock clock) {
    this.signer = signer;
    this.bootstrapTokens = bootstrapTokens;
    this.clock = clock;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getMethodDescriptor().getServiceName().equals(HEALTH_SERVICE)) {
      return next.startCall(call, headers);
    }
    Caller caller;
    try {
      caller = authenticate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), headers);
    } catch (CertificateRefusedException e) {
      log.warn(
          "refused {} from {}: {}",
          call.getMethodDescriptor().getBareMethodName(),
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
          e.getMessage());
      call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(CALLER, caller).withValue(HEADERS, headers);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Caller authenticate(SSLSession session, Metadata headers) {
    Optional<X509Certificate> certificate = peerCertificate(session);
    if (certificate.isPresent()) {
      AgentCertificate proven = verified.get(certificate.get());
      if (proven == null) {
        proven = AgentCertificates.verify(certificate.get(), signer.get(), clock.instant());
        if (verified.size() > MAX_REMEMBERED) {
          verified.clear();
        }
        verified.put(certificate.get(), proven);
      } else if (clock.instant().isAfter(proven.notAfter())) {
        throw new CertificateRefusedException(
            "the certificate expired at "
                + proven.notAfter()
                + "; the agent renews it before then, or joins again with the bootstrap"
                + " credential");
      }
      return new ClusterAgent(proven);
    }
    String authorization = headers.get(AUTHORIZATION);
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return bootstrapTokens
          .authenticate(authorization.substring("Bearer ".length()))
          .<Caller>map(Bootstrap::new)
          .orElseThrow(
              () ->
                  new CertificateRefusedException(
                      "the bootstrap token is not one of this hub's; ask the hub's operator for"
                          + " the bootstrap kubeconfig"));
    }
    throw new CertificateRefusedException(
        "present a client certificate issued by the hub's cluster signer, or a bootstrap token"
            + " (authorization: Bearer <id>.<secret>) to ask to join");
  }

  private static Optional<X509Certificate> peerCertificate(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509
          ? Optional.of(x509)
          : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }
}
