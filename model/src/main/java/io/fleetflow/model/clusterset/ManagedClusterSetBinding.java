package io.fleetflow.model.clusterset;

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
 * OCM's ManagedClusterSetBinding: makes a set's clusters available to the placements of one
 * namespace. Its name must equal the set's.
 */
@Group(ApiGroups.CLUSTER)
@Version("v1beta2")
@Kind("ManagedClusterSetBinding")
@Plural("managedclustersetbindings")
@Singular("managedclustersetbinding")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterSetBinding
    extends CustomResource<ManagedClusterSetBindingSpec, ClusterSetStatus> implements Namespaced {
  public static final String CONDITION_BOUND = "Bound";

  @Override
  protected ManagedClusterSetBindingSpec initSpec() {
    return new ManagedClusterSetBindingSpec();
  }

  @Override
  protected ClusterSetStatus initStatus() {
    return new ClusterSetStatus();
  }
}
