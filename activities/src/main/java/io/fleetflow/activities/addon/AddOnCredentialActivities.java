package io.fleetflow.activities.addon;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The agent's side of an add-on's registration, on its cluster's task queue: the add-on agent's key
 * is made and kept on the cluster, in the Secret {@code <addon>-hub-kubeconfig} of the add-on's
 * install namespace (OCM's name), and only its certificate request and certificate travel. What the
 * add-on's agent mounts is that Secret: {@code kubeconfig} (to reach the hub's API gateway), {@code
 * tls.crt}, {@code tls.key} and {@code cluster-name}.
 */
@ActivityInterface
public interface AddOnCredentialActivities {
  /** The Secret of an add-on's hub credential, OCM's name for it. */
  static String secretName(String addOn) {
    return addOn + "-hub-kubeconfig";
  }

  /**
   * Makes a certificate request for the add-on's agent, or says that the certificate the cluster
   * holds already serves. A new key is made for each request and kept, unused, in the Secret until
   * its certificate arrives, so the certificate in use keeps working meanwhile.
   *
   * @return a request, or the certificate held (when {@code ask.renew()} is false and it names the
   *     asked subject with a third or more of its life left)
   */
  @ActivityMethod(name = "PrepareAddOnCredential")
  CredentialRequest prepare(CredentialAsk ask);

  /**
   * Stores an issued certificate with the key it certifies, and the kubeconfig that reaches the hub
   * with them.
   *
   * @throws io.temporal.failure.ApplicationFailure (not retried) when the certificate is not for
   *     the key the cluster holds
   */
  @ActivityMethod(name = "StoreAddOnCredential")
  void store(CredentialDelivery delivery);

  /** Deletes the add-on's credential from the cluster; a missing one is no error. */
  @ActivityMethod(name = "ForgetAddOnCredential")
  void forget(String namespace, String addOn);

  /**
   * What the hub asks for.
   *
   * @param namespace the add-on's install namespace
   * @param addOn the add-on's name
   * @param commonName the certificate's common name: the add-on agent's user at the hub
   * @param organizations its organizations: the agent's groups
   * @param renew true to ask for a new certificate even if the one held serves
   */
  record CredentialAsk(
      String namespace,
      String addOn,
      String commonName,
      List<String> organizations,
      boolean renew) {}

  /**
   * A certificate request, or the certificate held.
   *
   * @param csr the PKCS#10 request (PEM), or null when the certificate held serves
   * @param notBefore when the certificate held became valid (RFC 3339), when {@code csr} is null
   * @param notAfter when it expires (RFC 3339), when {@code csr} is null
   */
  record CredentialRequest(String csr, String notBefore, String notAfter) {}

  /**
   * An issued credential to store.
   *
   * @param namespace the add-on's install namespace
   * @param addOn the add-on's name
   * @param cluster the cluster's name, which the add-on's agent reads from the Secret
   * @param certificate the certificate (PEM)
   * @param hubUrl the hub's API gateway
   * @param hubCa the certificate that the gateway's serving certificate chains to (PEM)
   */
  record CredentialDelivery(
      String namespace,
      String addOn,
      String cluster,
      String certificate,
      String hubUrl,
      String hubCa) {}
}
