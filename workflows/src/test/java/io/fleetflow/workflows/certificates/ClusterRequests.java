package io.fleetflow.workflows.certificates;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import io.fleetflow.model.certificates.ClusterNames;
import io.fleetflow.model.certificates.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CertificateSigningRequests as a cluster's agent sends them, and ones that break a rule. */
public final class ClusterRequests {
  private ClusterRequests() {}

  /** The PEM request a cluster's agent sends with its join, with OCM's subject. */
  public static String agentRequest(String cluster) {
    return pem(cluster, ClusterNames.commonName(cluster, "agent"));
  }

  /** A request for the cluster's agent certificate, with OCM's subject. */
  static CertificateSigningRequest forCluster(String name, String cluster) {
    return request(name, cluster, ClusterNames.commonName(cluster, "agent"), ClusterNames.SIGNER);
  }

  /** A request labelled for {@code cluster} whose subject has the given common name. */
  static CertificateSigningRequest request(
      String name, String cluster, String commonName, String signer) {
    return withRequest(name, cluster, signer, base64(pem(cluster, commonName)));
  }

  /** A request with {@code spec.request} exactly as given. */
  static CertificateSigningRequest withRequest(
      String name, String cluster, String signer, String request) {
    CertificateSigningRequest csr = new CertificateSigningRequest();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setLabels(new HashMap<>(Map.of(ClusterNames.CLUSTER_NAME_LABEL, cluster)));
    csr.setMetadata(meta);
    CertificateSigningRequestSpec spec = new CertificateSigningRequestSpec();
    spec.setSignerName(signer);
    spec.setUsages(List.of("client auth", "digital signature", "key encipherment"));
    spec.setRequest(request);
    csr.setSpec(spec);
    return csr;
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(String cluster, String commonName) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500NameBuilder subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, ClusterNames.MANAGED_CLUSTERS_GROUP)
              .addRDN(BCStyle.O, ClusterNames.organization(cluster))
              .addRDN(BCStyle.CN, commonName);
      return Pem.encode(
          new JcaPKCS10CertificationRequestBuilder(subject.build(), keys.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
