package io.fleetflow.hub;

import io.fleetflow.activities.hub.CertificateActivities;
import io.fleetflow.security.pki.ClusterCsr;
import io.fleetflow.security.pki.ClusterSigner;
import io.fleetflow.security.pki.CsrRejectedException;
import io.fleetflow.security.pki.Pem;
import io.temporal.failure.ApplicationFailure;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Implements {@link CertificateActivities} with the hub's {@link ClusterSigner}. */
public class CertificateActivitiesImpl implements CertificateActivities {
  private static final Logger log = LoggerFactory.getLogger(CertificateActivitiesImpl.class);

  private final Supplier<ClusterSigner> signer;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param signer the signer, loaded when first needed (a hub without one signs nothing)
   * @param lifetime how long an issued certificate is valid
   */
  public CertificateActivitiesImpl(Supplier<ClusterSigner> signer, Duration lifetime, Clock clock) {
    this.signer = signer;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  @Override
  public IssuedCertificate issue(String cluster, String signerName, String request) {
    ClusterCsr csr;
    try {
      ClusterCsr.checkSigner(signerName);
      csr = ClusterCsr.parse(request, cluster);
    } catch (CsrRejectedException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), REJECTED);
    }
    X509Certificate certificate = signer.get().issue(csr, lifetime, clock.instant());
    log.info(
        "issued a certificate to {} until {} (serial {})",
        csr.commonName(),
        certificate.getNotAfter().toInstant(),
        certificate.getSerialNumber().toString(16));
    return new IssuedCertificate(
        Pem.encode(certificate),
        certificate.getSerialNumber().toString(16),
        certificate.getNotAfter().toInstant().toString(),
        csr.fingerprint());
  }
}
