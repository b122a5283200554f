package io.fleetflow.agent.identity;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

/**
 * Keeps an in-cluster agent's identity in a Secret of its own namespace, since a pod has no state
 * directory that outlives it: a restarted or rescheduled agent pod re-joins as the same identity.
 * The agent's Role allows it to read that one Secret and to create Secrets in its namespace.
 */
public final class SecretIdentity {
  /** The Secret's name in the agent's namespace. */
  public static final String SECRET_NAME = "fleetflow-agent-identity";

  private static final String PRIVATE_KEY = "identity.key";
  private static final String PUBLIC_KEY = "identity.pub";
  private static final int ALREADY_EXISTS = 409;

  private SecretIdentity() {}

  /**
   * Loads the identity from the Secret, creating the Secret with a new identity on first start. Two
   * agents starting at once agree on one identity: the second's create fails and it reads the
   * first's.
   */
  public static AgentIdentity loadOrCreate(KubernetesClient client, String namespace) {
    try {
      AgentIdentity found = read(client, namespace);
      if (found != null) {
        return found;
      }
      AgentIdentity created = AgentIdentity.generate();
      Secret secret =
          new SecretBuilder()
              .withNewMetadata()
              .withName(SECRET_NAME)
              .withNamespace(namespace)
              .addToLabels("app.kubernetes.io/name", "fleetflow-agent")
              .endMetadata()
              .withType("Opaque")
              .addToData(PRIVATE_KEY, base64(created.encodedPrivateKey()))
              .addToData(PUBLIC_KEY, base64(created.encodedPublicKey()))
              .build();
      try {
        client.secrets().inNamespace(namespace).resource(secret).create();
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != ALREADY_EXISTS) {
          throw e;
        }
        return read(client, namespace);
      }
    } catch (GeneralSecurityException | KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot load or create the agent identity in Secret "
              + namespace
              + "/"
              + SECRET_NAME
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static AgentIdentity read(KubernetesClient client, String namespace)
      throws GeneralSecurityException {
    Secret secret = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
    if (secret == null) {
      return null;
    }
    Map<String, String> data = secret.getData();
    if (data == null || !data.containsKey(PRIVATE_KEY) || !data.containsKey(PUBLIC_KEY)) {
      throw new GeneralSecurityException(
          "the Secret lacks " + PRIVATE_KEY + " or " + PUBLIC_KEY + "; delete it to start anew");
    }
    return AgentIdentity.decode(unbase64(data.get(PRIVATE_KEY)), unbase64(data.get(PUBLIC_KEY)));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String unbase64(String data) {
    return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
  }
}
