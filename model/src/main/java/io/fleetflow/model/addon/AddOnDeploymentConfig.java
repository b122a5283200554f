package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;

/**
 * OCM's AddOnDeploymentConfig ({@code addon.open-cluster-management.io/v1alpha1}, namespaced): how
 * an add-on's agent is deployed: variables for its template, node placement, image registries,
 * proxy settings and install namespace.
 */
@Group(ApiGroups.ADDON)
@Version(ApiGroups.V1ALPHA1)
@Kind("AddOnDeploymentConfig")
@Plural("addondeploymentconfigs")
@Singular("addondeploymentconfig")
@JsonIgnoreProperties(ignoreUnknown = true)
public class AddOnDeploymentConfig extends CustomResource<AddOnDeploymentConfigSpec, Void>
    implements Namespaced {
  @Override
  protected AddOnDeploymentConfigSpec initSpec() {
    return new AddOnDeploymentConfigSpec();
  }
}
