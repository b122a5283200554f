package io.fleetflow.hub.addon;

import io.fleetflow.model.addon.AddOnTemplate;
import io.fleetflow.model.addon.AddOnTemplateSpec.RegistrationSpec;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Registration;
import io.fleetflow.model.addon.ManagedClusterAddOnStatus.Subject;
import io.fleetflow.model.certificates.ClusterNames;
import java.util.List;

/**
 * The hub credentials an add-on's agent asks for, as OCM's add-on registration names them: a {@code
 * KubeClient} registration is a client certificate from {@code kubernetes.io/kube-apiserver-client}
 * for the add-on's agent user on that cluster, in the groups of the add-on; a {@code CustomSigner}
 * registration keeps its own signer and subject. Pure.
 */
public final class AddOnRegistrations {
  private AddOnRegistrations() {}

  /** The registrations the template asks for, for the add-on on that cluster. */
  public static List<Registration> of(String cluster, String addOn, AddOnTemplate template) {
    return template.getSpec().getRegistration().stream()
        .map(
            r ->
                RegistrationSpec.CUSTOM_SIGNER.equals(r.type()) && r.customSigner() != null
                    ? new Registration(r.customSigner().signerName(), r.customSigner().subject())
                    : new Registration(ClusterNames.SIGNER, kubeClientSubject(cluster, addOn)))
        .toList();
  }

  /** OCM's default subject of an add-on agent's client certificate. */
  public static Subject kubeClientSubject(String cluster, String addOn) {
    return new Subject(
        ClusterNames.addOnCommonName(cluster, addOn, addOn + "-agent"),
        ClusterNames.addOnGroups(cluster, addOn));
  }
}
