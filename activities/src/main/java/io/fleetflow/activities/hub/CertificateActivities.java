package io.fleetflow.activities.hub;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The hub's cluster signer, as the registration workflows use it. The signing key stays in the
 * worker that runs these activities (a file or a mounted Secret); only requests and certificates,
 * which are public, pass through history.
 */
@ActivityInterface
public interface CertificateActivities {
  /**
   * Checks a certificate signing request for a cluster (by its agent, or by one of its add-ons'
   * agents) and, if it may be signed, issues a client certificate for the lifetime the hub is
   * configured with.
   *
   * @param cluster the cluster the request is for
   * @param signerName the signer the request names
   * @param request the request, PEM encoded
   * @return the certificate
   * @throws io.temporal.failure.ApplicationFailure of type {@value #REJECTED} (not retried) when
   *     the request may not be signed, saying why
   */
  @ActivityMethod(name = "IssueClusterCertificate")
  IssuedCertificate issue(String cluster, String signerName, String request);

  /**
   * Carries a decision on a cluster's join request over to its ManagedCluster: approving a
   * bootstrap request accepts the cluster and denying it denies the cluster, recorded with the same
   * user and reason as the request's decision. A cluster that already stands as decided is left as
   * it is, so whichever path decides first wins and the others change nothing.
   *
   * @param cluster the cluster
   * @param accept true to accept, false to deny
   * @param actor who decided on the request, and why
   */
  @ActivityMethod(name = "DecideClusterByCertificateRequest")
  void decideCluster(String cluster, boolean accept, io.fleetflow.model.meta.Actor actor);

  /**
   * Stores an agent's request (from its join) as a CertificateSigningRequest object, as OCM's
   * registration agent creates one; a request already stored is kept. A renewal of an accepted
   * cluster is approved at once by the hub.
   *
   * @param request what to store
   * @return the request object's name
   */
  @ActivityMethod(name = "SubmitClusterCertificateRequest")
  String submit(Submission request);

  /**
   * An agent's request as the hub stores it.
   *
   * @param cluster the cluster it is for
   * @param pem the PKCS#10 request, PEM encoded
   * @param username who asks, as the front door proved it ({@code system:bootstrap:<id>}, or the
   *     agent's certificate name when it renews)
   * @param groups the requester's groups
   * @param renewal true when an accepted cluster's agent renews: the hub approves it
   */
  record Submission(
      String cluster,
      String pem,
      String username,
      java.util.List<String> groups,
      boolean renewal) {}

  /** The failure type of a request the signer refuses. */
  String REJECTED = "CertificateRequestRejected";

  /**
   * A certificate the hub issued.
   *
   * @param certificate the certificate, PEM encoded
   * @param serial its serial number, in hex
   * @param notAfter when it expires, RFC 3339
   * @param fingerprint the SHA-256 fingerprint of the certified key
   */
  record IssuedCertificate(
      String certificate, String serial, String notAfter, String fingerprint) {}
}
