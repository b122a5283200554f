package io.fleetflow.security.pki;

import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.Pem;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
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
    X500NameBuilder subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, ClusterNames.MANAGED_CLUSTERS_GROUP)
            .addRDN(BCStyle.O, ClusterNames.organization(cluster))
            .addRDN(BCStyle.CN, ClusterNames.commonName(cluster, agent));
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(signatureAlgorithm(keys)).build(keys.getPrivate());
      PKCS10CertificationRequest request =
          new JcaPKCS10CertificationRequestBuilder(subject.build(), keys.getPublic()).build(signer);
      return Pem.encode(request);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the certificate request", e);
    }
  }

  static String signatureAlgorithm(KeyPair keys) {
    return keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
  }
}
