package io.fleetflow.model.certificates;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * An agent's certificate signing request that passed every check the hub makes before it may be
 * signed: it is a PKCS#10 request whose signature verifies with its own key (so the requester holds
 * the private key), for a key of an accepted type and size, whose subject names the cluster exactly
 * as OCM does, and which asks for no extensions (the signer decides what the certificate may do).
 *
 * <p>Two subjects are signed. A cluster's agent: {@code
 * CN=system:open-cluster-management:<cluster>:<agent>}, {@code
 * O=system:open-cluster-management:<cluster>}. An add-on's agent (OCM's add-on registration):
 * {@code CN=system:open-cluster-management:cluster:<cluster>:addon:<addon>:agent:<agent>} with
 * organizations among {@link ClusterNames#addOnGroups}. A join accepts only the first ({@link
 * #parse}); a stored request may be either ({@link #parseAny}).
 *
 * @param cluster the cluster the request is for
 * @param agent the agent's name within the cluster (or within the add-on)
 * @param addOn the add-on whose agent asks, or null for the cluster's agent
 * @param commonName the subject's common name, which becomes the agent's user name
 * @param publicKey the key to certify
 * @param request the parsed request
 */
public record ClusterCsr(
    String cluster,
    String agent,
    String addOn,
    String commonName,
    PublicKey publicKey,
    PKCS10CertificationRequest request) {

  /** The smallest RSA key accepted. */
  static final int MIN_RSA_BITS = 2048;

  /** The SHA-256 fingerprint of the requested key: the agent's identity at the hub. */
  public String fingerprint() {
    return Pem.fingerprint(publicKey);
  }

  /**
   * Parses and checks a cluster agent's request, as a join or a renewal sends it.
   *
   * @param pem the request, PEM encoded (what a CertificateSigningRequest's {@code spec.request}
   *     holds, base64-decoded)
   * @param expectedCluster the cluster the request must be for (its join, or its label)
   * @throws CsrRejectedException saying what is wrong, in words an operator can act on
   */
  public static ClusterCsr parse(String pem, String expectedCluster) {
    Signed signed = Signed.read(pem);
    String commonName = single(signed.request().getSubject(), BCStyle.CN, "common name (CN)");
    return clusterAgent(signed, commonName, expectedCluster);
  }

  /**
   * Parses and checks a request for a cluster by its cluster's agent or by one of its add-ons'
   * agents: what a stored CertificateSigningRequest for the cluster may ask for.
   *
   * @throws CsrRejectedException saying what is wrong
   */
  public static ClusterCsr parseAny(String pem, String expectedCluster) {
    Signed signed = Signed.read(pem);
    String commonName = single(signed.request().getSubject(), BCStyle.CN, "common name (CN)");
    return ClusterNames.parseAddOnCommonName(commonName).isPresent()
        ? addOnAgent(signed, commonName, expectedCluster)
        : clusterAgent(signed, commonName, expectedCluster);
  }

  private static ClusterCsr clusterAgent(Signed signed, String commonName, String expectedCluster) {
    X500Name subject = signed.request().getSubject();
    ClusterNames.AgentName name =
        ClusterNames.parseCommonName(commonName)
            .orElseThrow(
                () ->
                    new CsrRejectedException(
                        "the common name \""
                            + commonName
                            + "\" must be "
                            + ClusterNames.commonName("<cluster>", "<agent>")));
    checkCluster(name.cluster(), commonName, expectedCluster);
    List<String> organizations = values(subject, BCStyle.O);
    if (!organizations.contains(ClusterNames.organization(expectedCluster))) {
      throw new CsrRejectedException(
          "the organization (O) must include "
              + ClusterNames.organization(expectedCluster)
              + ", found "
              + organizations);
    }
    for (String o : organizations) {
      if (!o.equals(ClusterNames.organization(expectedCluster))
          && !o.equals(ClusterNames.MANAGED_CLUSTERS_GROUP)) {
        throw new CsrRejectedException(
            "the organization (O) \""
                + o
                + "\" is not allowed: only "
                + ClusterNames.organization(expectedCluster)
                + " and "
                + ClusterNames.MANAGED_CLUSTERS_GROUP);
      }
    }
    return new ClusterCsr(
        name.cluster(), name.agent(), null, commonName, signed.key(), signed.request());
  }

  private static ClusterCsr addOnAgent(Signed signed, String commonName, String expectedCluster) {
    ClusterNames.AddOnAgentName name = ClusterNames.parseAddOnCommonName(commonName).orElseThrow();
    checkCluster(name.cluster(), commonName, expectedCluster);
    List<String> allowed = ClusterNames.addOnGroups(name.cluster(), name.addOn());
    List<String> organizations = values(signed.request().getSubject(), BCStyle.O);
    if (!organizations.contains(allowed.get(0))) {
      throw new CsrRejectedException(
          "the organization (O) of an add-on agent must include "
              + allowed.get(0)
              + ", found "
              + organizations);
    }
    for (String o : organizations) {
      if (!allowed.contains(o)) {
        throw new CsrRejectedException(
            "the organization (O) \""
                + o
                + "\" is not allowed for add-on "
                + name.addOn()
                + ": only "
                + allowed);
      }
    }
    return new ClusterCsr(
        name.cluster(), name.agent(), name.addOn(), commonName, signed.key(), signed.request());
  }

  private static void checkCluster(String named, String commonName, String expectedCluster) {
    if (!named.equals(expectedCluster)) {
      throw new CsrRejectedException(
          "the request is for cluster \""
              + named
              + "\" (CN "
              + commonName
              + "), but it was sent for cluster \""
              + expectedCluster
              + "\"; an agent may only ask for its own cluster's certificate");
    }
  }

  /** A PKCS#10 request signed by the key it asks to certify, of an accepted key, no extensions. */
  private record Signed(PKCS10CertificationRequest request, PublicKey key) {
    static Signed read(String pem) {
      Object object;
      try {
        object = Pem.first(pem);
      } catch (IllegalArgumentException e) {
        throw new CsrRejectedException("the request is not valid PEM: " + e.getMessage());
      }
      if (!(object instanceof PKCS10CertificationRequest request)) {
        throw new CsrRejectedException(
            "the request must be one PEM block \"CERTIFICATE REQUEST\" (PKCS#10)"
                + (object == null ? "; none was found" : ", not " + describe(object)));
      }
      PublicKey key;
      try {
        JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
        key = jca.getPublicKey();
        boolean signed =
            request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        if (!signed) {
          throw new CsrRejectedException(
              "the request's signature does not verify with its own key: the requester must sign"
                  + " it with the private key it asks to certify");
        }
      } catch (CsrRejectedException e) {
        throw e;
      } catch (Exception e) {
        throw new CsrRejectedException("the request's key or signature cannot be read: " + e);
      }
      checkKey(key);
      checkNoExtensions(request);
      return new Signed(request, key);
    }
  }

  /**
   * Checks the signer a CertificateSigningRequest names; Fleetflow's hub signs only agent client
   * certificates.
   */
  public static void checkSigner(String signerName) {
    if (!ClusterNames.SIGNER.equals(signerName)) {
      throw new CsrRejectedException(
          "signerName \""
              + signerName
              + "\" is not served: Fleetflow's hub signs only "
              + ClusterNames.SIGNER);
    }
  }

  private static void checkKey(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      if (bits < 256) {
        throw new CsrRejectedException("an EC key needs at least 256 bits, this one has " + bits);
      }
      return;
    }
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        throw new CsrRejectedException(
            "an RSA key needs at least "
                + MIN_RSA_BITS
                + " bits, this one has "
                + rsa.getModulus().bitLength());
      }
      return;
    }
    throw new CsrRejectedException(
        "the key must be EC (P-256 or larger) or RSA (2048 bits or more), not "
            + key.getAlgorithm());
  }

  private static void checkNoExtensions(PKCS10CertificationRequest request) {
    for (var attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
      for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
        if (oid.equals(Extension.subjectAlternativeName)) {
          throw new CsrRejectedException(
              "the request asks for subject alternative names; an agent's client certificate has"
                  + " none");
        }
        if (oid.equals(Extension.basicConstraints)) {
          throw new CsrRejectedException(
              "the request asks for basic constraints; an agent's certificate is never a CA");
        }
      }
    }
  }

  private static String single(X500Name subject, ASN1ObjectIdentifier type, String what) {
    List<String> found = values(subject, type);
    if (found.size() != 1) {
      throw new CsrRejectedException(
          "the subject must have exactly one " + what + ", it has " + found.size());
    }
    return found.get(0);
  }

  private static List<String> values(X500Name subject, ASN1ObjectIdentifier type) {
    List<String> values = new ArrayList<>();
    for (RDN rdn : subject.getRDNs(type)) {
      Arrays.stream(rdn.getTypesAndValues())
          .filter(t -> t.getType().equals(type))
          .forEach(t -> values.add(IETFUtils.valueToString(t.getValue())));
    }
    return values;
  }

  private static String describe(Object object) {
    String name = object.getClass().getSimpleName();
    return name.contains("Certificate") ? "a certificate" : "a " + name;
  }
}
