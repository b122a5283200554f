package io.fleetflow.activities.addon;

import io.fleetflow.model.addon.AddOnHubPermissions;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The hub's side of an add-on's registration (OCM's add-on registration, {@code KubeClient}): the
 * RoleBindings that give the add-on's agent on a cluster its declared hub permissions, and its
 * client certificate, issued through a CertificateSigningRequest the hub stores and approves, so
 * {@code kubectl get csr} shows it. Runs on the hub, which holds the signer.
 */
@ActivityInterface
public interface AddOnRegistrationActivities {
  /**
   * Makes the add-on's RoleBindings on the cluster what {@code wanted} says: creates or corrects
   * each, and deletes the {@code obsolete} ones (an add-on removed, or a permission dropped from
   * its template). Deleting a binding that is gone is no error.
   */
  @ActivityMethod(name = "ApplyAddOnHubPermissions")
  void applyPermissions(
      String cluster,
      String addOn,
      List<AddOnHubPermissions.Binding> wanted,
      List<AddOnHubPermissions.Binding> obsolete);

  /**
   * Stores the add-on agent's request as a CertificateSigningRequest ({@code
   * addon-<cluster>-<addon>-<hash>}, with OCM's cluster and add-on labels), approves it as the hub,
   * and returns the certificate once its workflow issued it.
   *
   * @throws io.temporal.failure.ApplicationFailure (not retried) when the request may not be
   *     signed, the hub has no signer, or it does not know its gateway's address
   */
  @ActivityMethod(name = "IssueAddOnCredential")
  IssuedCredential issue(String cluster, String addOn, String csr);

  /**
   * A certificate issued to an add-on's agent, and how that agent reaches the hub.
   *
   * @param request the CertificateSigningRequest's name
   * @param certificate the certificate (PEM)
   * @param notBefore when it becomes valid (RFC 3339)
   * @param notAfter when it expires (RFC 3339)
   * @param hubUrl the hub's API gateway
   * @param hubCa the certificate the gateway's serving certificate chains to (PEM)
   */
  record IssuedCredential(
      String request,
      String certificate,
      String notBefore,
      String notAfter,
      String hubUrl,
      String hubCa) {}

  /** The failure type of a registration that cannot be carried out as configured. */
  String NOT_POSSIBLE = "AddOnRegistrationNotPossible";
}
