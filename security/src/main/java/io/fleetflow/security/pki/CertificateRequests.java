package io.fleetflow.security.pki;

import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds the certificate signing request an agent sends with its join, as OCM's agent does. */
public final class CertificateRequests {
  private CertificateRequests() {}

  /**
   * A PKCS#10 request for the agent's key pair, signed with its private key, with OCM's subject for
   * the cluster and agent.
   *
   * @return the request as PEM text
   */
  public static String create(String cluster, String agent, KeyPair keys) {
    return create(
        ClusterNames.commonName(cluster, agent),
        List.of(ClusterNames.MANAGED_CLUSTERS_GROUP, ClusterNames.organization(cluster)),
        keys);
  }

  /**
   * A PKCS#10 request for a key pair with the given subject, signed with its private key: what an
   * add-on agent's registration asks for.
   *
   * @return the request as PEM text
   */
  public static String create(String commonName, List<String> organizations, KeyPair keys) {
    // Built by the JDK, which like Go's x509 (OCM's) does not hold common names to RFC 5280's 64
    // characters: OCM's add-on agents' names are longer. RFC 2253 lists the last RDN first.
    StringBuilder dn = new StringBuilder("CN=").append(Rdn.escapeValue(commonName));
    for (int i = organizations.size() - 1; i >= 0; i--) {
      dn.append(",O=").append(Rdn.escapeValue(organizations.get(i)));
    }
    X500Name subject = X500Name.getInstance(new X500Principal(dn.toString()).getEncoded());
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(signatureAlgorithm(keys)).build(keys.getPrivate());
      PKCS10CertificationRequest request =
          new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic()).build(signer);
      return Pem.encode(request);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the certificate request", e);
    }
  }

  static String signatureAlgorithm(KeyPair keys) {
    return keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
  }

  /** The public key a PEM request asks to certify. */
  public static PublicKey publicKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (!(object instanceof PKCS10CertificationRequest request)) {
        throw new IllegalArgumentException("not a PKCS#10 request");
      }
      return new JcaPKCS10CertificationRequest(request).getPublicKey();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the request's key: " + e.getMessage(), e);
    }
  }
}
