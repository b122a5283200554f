package io.fleetflow.agent.addon;

import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.ClusterBuilder;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.ContextBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetflow.activities.addon.AddOnCredentialActivities;
import io.fleetflow.model.certificates.Pem;
import io.fleetflow.security.pki.CertificateRequests;
import io.fleetflow.security.pki.ClusterSigner;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;

/**
 * Implements {@link AddOnCredentialActivities} on the cluster: keys are made here and never leave
 * the add-on's Secret, as OCM's registration agent keeps them.
 */
public class AddOnCredentialActivitiesImpl implements AddOnCredentialActivities {
  /** The Secret's entries, OCM's names. */
  static final String KUBECONFIG = "kubeconfig";

  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  static final String CLUSTER_NAME = "cluster-name";

  /** The key and request waiting for their certificate. */
  static final String PENDING_KEY = "pending.key";

  static final String PENDING_CSR = "pending.csr";

  /** The field manager of the Secret's server-side applies. */
  static final String FIELD_MANAGER = "fleetflow-addon-registration";

  /** The failure type of a certificate that is not for the pending key. */
  static final String MISMATCH = "AddOnCredentialMismatch";

  private final KubernetesClient cluster;
  private final Supplier<Instant> clock;

  public AddOnCredentialActivitiesImpl(KubernetesClient cluster) {
    this(cluster, Instant::now);
  }

  AddOnCredentialActivitiesImpl(KubernetesClient cluster, Supplier<Instant> clock) {
    this.cluster = cluster;
    this.clock = clock;
  }

  @Override
  public CredentialRequest prepare(CredentialAsk ask) {
    Map<String, String> data = read(ask.namespace(), ask.addOn());
    X509Certificate held = data.containsKey(CERT) ? Pem.certificate(data.get(CERT)) : null;
    if (!ask.renew() && held != null && serves(held, ask)) {
      return new CredentialRequest(
          null,
          held.getNotBefore().toInstant().toString(),
          held.getNotAfter().toInstant().toString());
    }
    KeyPair keys = ClusterSigner.newKeyPair();
    String csr = CertificateRequests.create(ask.commonName(), ask.organizations(), keys);
    data.put(PENDING_KEY, Pem.encodePrivateKey(keys.getPrivate()));
    data.put(PENDING_CSR, csr);
    write(ask.namespace(), ask.addOn(), data);
    return new CredentialRequest(csr, null, null);
  }

  /** A certificate serves when it names the subject asked for and has a third of its life left. */
  private boolean serves(X509Certificate held, CredentialAsk ask) {
    X500Principal subject = held.getSubjectX500Principal();
    if (!subject.getName().contains("CN=" + ask.commonName())) {
      return false;
    }
    Instant notBefore = held.getNotBefore().toInstant();
    Instant notAfter = held.getNotAfter().toInstant();
    Duration life = Duration.between(notBefore, notAfter);
    return clock.get().plus(life.dividedBy(3)).isBefore(notAfter);
  }

  @Override
  public void store(CredentialDelivery delivery) {
    Map<String, String> data = read(delivery.namespace(), delivery.addOn());
    X509Certificate certificate = Pem.certificate(delivery.certificate());
    String pendingCsr = data.get(PENDING_CSR);
    String pendingKey = data.get(PENDING_KEY);
    if (pendingCsr == null || pendingKey == null) {
      if (delivery.certificate().equals(data.get(CERT))) {
        return;
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "the add-on's Secret holds no key waiting for a certificate", MISMATCH);
    }
    if (!CertificateRequests.publicKey(pendingCsr).equals(certificate.getPublicKey())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the certificate is not for the key the cluster holds for add-on " + delivery.addOn(),
          MISMATCH);
    }
    data.remove(PENDING_CSR);
    data.remove(PENDING_KEY);
    data.put(KEY, pendingKey);
    data.put(CERT, delivery.certificate());
    data.put(CLUSTER_NAME, delivery.cluster());
    data.put(KUBECONFIG, kubeconfig(delivery, pendingKey));
    write(delivery.namespace(), delivery.addOn(), data);
  }

  @Override
  public void forget(String namespace, String addOn) {
    cluster
        .secrets()
        .inNamespace(namespace)
        .withName(AddOnCredentialActivities.secretName(addOn))
        .delete();
  }

  /** A kubeconfig that reaches the hub as the add-on's agent, self-contained. */
  static String kubeconfig(CredentialDelivery delivery, String key) {
    var hub = new ClusterBuilder().withServer(delivery.hubUrl());
    if (delivery.hubCa() != null) {
      hub.withCertificateAuthorityData(base64(delivery.hubCa()));
    }
    Config config =
        new ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .withClusters(
                new NamedClusterBuilder().withName("hub").withCluster(hub.build()).build())
            .withUsers(
                new NamedAuthInfoBuilder()
                    .withName("addon-agent")
                    .withUser(
                        new AuthInfoBuilder()
                            .withClientCertificateData(base64(delivery.certificate()))
                            .withClientKeyData(base64(key))
                            .build())
                    .build())
            .withContexts(
                new NamedContextBuilder()
                    .withName("hub")
                    .withContext(
                        new ContextBuilder().withCluster("hub").withUser("addon-agent").build())
                    .build())
            .withCurrentContext("hub")
            .build();
    return Serialization.asYaml(config);
  }

  private Map<String, String> read(String namespace, String addOn) {
    Secret secret =
        cluster
            .secrets()
            .inNamespace(namespace)
            .withName(AddOnCredentialActivities.secretName(addOn))
            .get();
    Map<String, String> data = new LinkedHashMap<>();
    if (secret != null && secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return data;
  }

  private void write(String namespace, String addOn, Map<String, String> data) {
    if (cluster.namespaces().withName(namespace).get() == null) {
      // The add-on's works may not have made its namespace yet.
      cluster
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .fieldManager(FIELD_MANAGER)
          .serverSideApply();
    }
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k, base64(v)));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(AddOnCredentialActivities.secretName(addOn))
            .addToLabels("open-cluster-management.io/addon-name", addOn)
            .endMetadata()
            .withType("Opaque")
            .withData(encoded)
            .build();
    // Applied by one field manager, so the entries it leaves out (a used pending key) go.
    cluster
        .secrets()
        .inNamespace(namespace)
        .resource(secret)
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
