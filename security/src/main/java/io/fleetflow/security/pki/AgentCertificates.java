package io.fleetflow.security.pki;

import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.Pem;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Checks a client certificate that an agent presents: issued by the cluster signer, valid now, for
 * client authentication, naming one cluster and agent as OCM does. Whoever calls it has already
 * seen the TLS handshake prove that the client holds the certificate's private key.
 */
public final class AgentCertificates {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private AgentCertificates() {}

  /**
   * The cluster and agent a certificate proves, with what revocation needs.
   *
   * @param cluster the cluster's name
   * @param agent the agent's name
   * @param fingerprint the SHA-256 fingerprint of the certified public key: the agent's identity
   * @param serial the certificate's serial number, in hex
   * @param notAfter when the certificate expires
   */
  public record AgentCertificate(
      String cluster, String agent, String fingerprint, String serial, Instant notAfter) {}

  /**
   * Checks a certificate against the signer's certificate.
   *
   * @throws CertificateRefusedException saying why the certificate does not prove a cluster
   */
  public static AgentCertificate verify(X509Certificate leaf, X509Certificate signer, Instant now) {
    if (!leaf.getIssuerX500Principal().equals(signer.getSubjectX500Principal())) {
      throw new CertificateRefusedException(
          "the certificate was not issued by this hub's cluster signer (issuer "
              + leaf.getIssuerX500Principal().getName()
              + "); join with the bootstrap credential to get one");
    }
    try {
      leaf.verify(signer.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateRefusedException(
          "the certificate's signature does not verify with this hub's cluster signer; join with"
              + " the bootstrap credential to get one");
    }
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new CertificateRefusedException(
          "the certificate expired at "
              + leaf.getNotAfter().toInstant()
              + "; the agent renews it before then, or joins again with the bootstrap credential");
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw new CertificateRefusedException(
          "the certificate is not valid before " + leaf.getNotBefore().toInstant());
    }
    try {
      List<String> usages = leaf.getExtendedKeyUsage();
      if (usages == null || !usages.contains(CLIENT_AUTH)) {
        throw new CertificateRefusedException("the certificate is not for client authentication");
      }
    } catch (CertificateParsingException e) {
      throw new CertificateRefusedException("the certificate's key usages cannot be read");
    }
    String commonName = commonName(leaf.getSubjectX500Principal());
    ClusterNames.AgentName name =
        ClusterNames.parseCommonName(commonName)
            .orElseThrow(
                () ->
                    new CertificateRefusedException(
                        "the certificate's common name \"" + commonName + "\" names no cluster"));
    return new AgentCertificate(
        name.cluster(),
        name.agent(),
        Pem.fingerprint(leaf.getPublicKey()),
        leaf.getSerialNumber().toString(16),
        leaf.getNotAfter().toInstant());
  }

  private static String commonName(X500Principal principal) {
    var rdns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
    return rdns.length == 1 ? IETFUtils.valueToString(rdns[0].getFirst().getValue()) : "";
  }

  /** A client certificate that proves no cluster here. */
  public static class CertificateRefusedException extends RuntimeException {
    public CertificateRefusedException(String message) {
      super(message);
    }
  }
}
