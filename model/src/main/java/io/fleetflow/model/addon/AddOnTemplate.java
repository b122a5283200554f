package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;

/**
 * OCM's AddOnTemplate ({@code addon.open-cluster-management.io/v1alpha1}, cluster-scoped): what an
 * add-on deploys to each cluster (a ManifestWork spec whose manifests may use {@code {{VARIABLE}}}
 * placeholders) and the hub credential its agent asks for.
 */
@Group(ApiGroups.ADDON)
@Version(ApiGroups.V1ALPHA1)
@Kind("AddOnTemplate")
@Plural("addontemplates")
@Singular("addontemplate")
@JsonIgnoreProperties(ignoreUnknown = true)
public class AddOnTemplate extends CustomResource<AddOnTemplateSpec, Void> {
  @Override
  protected AddOnTemplateSpec initSpec() {
    return new AddOnTemplateSpec();
  }
}
