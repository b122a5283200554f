package io.fleetflow.model.work;

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
 * OCM's ManifestWork: a list of Kubernetes objects to apply on the cluster whose name is the work's
 * namespace.
 */
@Group(ApiGroups.WORK)
@Version(ApiGroups.V1)
@Kind("ManifestWork")
@Plural("manifestworks")
@Singular("manifestwork")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManifestWork extends CustomResource<ManifestWorkSpec, ManifestWorkStatus>
    implements Namespaced {
  public static final String CONDITION_APPLIED = "Applied";
  public static final String CONDITION_AVAILABLE = "Available";
  public static final String CONDITION_DELETING = "Deleting";

  @Override
  protected ManifestWorkSpec initSpec() {
    return new ManifestWorkSpec();
  }

  @Override
  protected ManifestWorkStatus initStatus() {
    return new ManifestWorkStatus();
  }
}
