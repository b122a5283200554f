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
   * Checks a cluster's certificate signing request and, if it may be signed, issues a client
   * certificate for the lifetime the hub is configured with.
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
