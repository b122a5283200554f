package io.fleetflow.model.takeover;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;

/**
 * Fleetflow's own cluster-scoped kind: the management resources installed on every accepted
 * cluster, with overrides per ManagedClusterSet. The hub reads the profile named {@link #DEFAULT}.
 */
@Group(ApiGroups.FLEETFLOW)
@Version(ApiGroups.V1ALPHA1)
@Kind("ClusterTakeoverProfile")
@Plural("clustertakeoverprofiles")
@Singular("clustertakeoverprofile")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterTakeoverProfile
    extends CustomResource<ClusterTakeoverProfileSpec, ClusterTakeoverProfileStatus> {
  /** The profile the hub installs; other names are accepted but not used. */
  public static final String DEFAULT = "default";

  /** Set once every ManagedCluster was told about the current generation. */
  public static final String CONDITION_NOTIFIED = "fleetflow.io/ClustersNotified";

  @Override
  protected ClusterTakeoverProfileSpec initSpec() {
    return new ClusterTakeoverProfileSpec();
  }

  @Override
  protected ClusterTakeoverProfileStatus initStatus() {
    return new ClusterTakeoverProfileStatus();
  }
}
