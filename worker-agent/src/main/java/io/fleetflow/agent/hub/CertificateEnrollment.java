package io.fleetflow.agent.hub;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.security.pki.CertificateRequests;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * How an agent gets and keeps its client certificate, as OCM's registration agent does: a join
 * carries a PKCS#10 request for the agent's key, the hub stores it as a CertificateSigningRequest,
 * and once it is approved (an operator accepts the cluster, or the hub approves a renewal) the
 * agent reads the certificate from the request's status. A certificate is renewed when less than a
 * third of its life is left.
 */
public final class CertificateEnrollment {
  /** What became of a request. */
  public enum Outcome {
    ISSUED,
    DENIED,
    PENDING
  }

  private final String cluster;
  private final ClusterCredentials credentials;

  /**
   * @param cluster the agent's cluster
   * @param credentials the agent's key and the certificate it holds
   */
  public CertificateEnrollment(String cluster, ClusterCredentials credentials) {
    this.cluster = cluster;
    this.credentials = credentials;
  }

  /** A new request for the agent's key, PEM encoded, to send with a join. */
  public String newRequest() {
    return CertificateRequests.create(cluster, agentName(), credentials.identity().keyPair());
  }

  /**
   * The agent's name within its cluster, from its key: the certificate's common name ends in it.
   */
  String agentName() {
    return "agent-" + credentials.identity().fingerprint().substring("sha256:".length(), 23);
  }

  /** Whether the agent holds a certificate that is valid now. */
  public boolean certified(Instant now) {
    return credentials.certificate(now).isPresent();
  }

  /** Whether the certificate has less than a third of its life left (or there is none). */
  public boolean dueForRenewal(Instant now) {
    Optional<X509Certificate> current = credentials.certificate(now);
    if (current.isEmpty()) {
      return true;
    }
    Instant from = current.get().getNotBefore().toInstant();
    Instant until = current.get().getNotAfter().toInstant();
    Duration life = Duration.between(from, until);
    return now.isAfter(until.minus(life.dividedBy(3)));
  }

  /** How often to check whether the certificate is due: a tenth of its life, 5 s to 10 min. */
  public Duration checkEvery(Instant now) {
    Optional<X509Certificate> current = credentials.certificate(now);
    if (current.isEmpty()) {
      return Duration.ofSeconds(5);
    }
    Duration life =
        Duration.between(
            current.get().getNotBefore().toInstant(), current.get().getNotAfter().toInstant());
    Duration tenth = life.dividedBy(10);
    return tenth.compareTo(Duration.ofSeconds(5)) < 0
        ? Duration.ofSeconds(5)
        : tenth.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : tenth;
  }

  /**
   * Reads a stored request and keeps its certificate once issued.
   *
   * @param via the client to read with (the bootstrap token while joining, the certificate when
   *     renewing)
   * @param requestName the request's name, from the join's answer
   */
  public Outcome pickUp(EntityClient via, String requestName) {
    CertificateSigningRequest csr;
    try {
      csr = via.entity(CertificateKinds.CERTIFICATE_SIGNING_REQUEST, null, requestName).get();
    } catch (EntityException.NotFound e) {
      // Expired before a decision, or deleted: the agent asks again with a new request.
      return Outcome.DENIED;
    }
    if (CertificateKinds.has(csr, CertificateKinds.DENIED)
        || CertificateKinds.has(csr, CertificateKinds.FAILED)) {
      return Outcome.DENIED;
    }
    if (csr.getStatus() == null || csr.getStatus().getCertificate() == null) {
      return Outcome.PENDING;
    }
    credentials.store(
        new String(
            Base64.getDecoder().decode(csr.getStatus().getCertificate()), StandardCharsets.UTF_8));
    return Outcome.ISSUED;
  }
}
