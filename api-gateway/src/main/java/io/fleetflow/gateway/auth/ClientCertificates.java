package io.fleetflow.gateway.auth;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Authenticates a caller by the client certificate it presented, as a Kubernetes API server's x509
 * authenticator does: the user is the subject's common name (CN) and the groups are its
 * organizations (O). The TLS handshake has already verified the certificate against the CA the
 * gateway trusts for clients ({@code server.ssl.trust-certificate}, the hub's cluster signer), so
 * only add-on agents and cluster agents the hub certified get here; expiry is checked again on
 * every request because a resumed TLS session does not repeat the handshake. Pure.
 */
public final class ClientCertificates {
  /** The request attribute under which the servlet container puts the client's chain. */
  public static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private ClientCertificates() {}

  /** A client certificate that does not authenticate anyone, and why. */
  public static final class CertificateRejected extends RuntimeException {
    public CertificateRejected(String message) {
      super(message);
    }
  }

  /**
   * The caller a verified chain names, or empty when the request came without a certificate.
   *
   * @throws CertificateRejected when the certificate expired, is not valid yet, or names no user
   */
  public static Optional<Principal> authenticate(Object attribute, Date now) {
    if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0) {
      return Optional.empty();
    }
    X509Certificate leaf = chain[0];
    try {
      leaf.checkValidity(now);
    } catch (CertificateExpiredException e) {
      throw new CertificateRejected(
          "the client certificate expired at " + leaf.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new CertificateRejected(
          "the client certificate is not valid before " + leaf.getNotBefore().toInstant());
    }
    String user = null;
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          user = rdn.getValue().toString();
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      throw new CertificateRejected("the client certificate's subject cannot be read: " + e);
    }
    if (user == null || user.isBlank()) {
      throw new CertificateRejected("the client certificate's subject has no common name (CN)");
    }
    // Kubernetes adds every authenticated user to system:authenticated.
    if (!groups.contains("system:authenticated")) {
      groups.add("system:authenticated");
    }
    return Optional.of(new Principal(user, List.copyOf(groups)));
  }
}
