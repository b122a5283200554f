package io.fleetflow.model.clusterset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;

/** OCM's cluster-scoped ManagedClusterSet: a group of clusters selected by label. */
@Group(ApiGroups.CLUSTER)
@Version("v1beta2")
@Kind("ManagedClusterSet")
@Plural("managedclustersets")
@Singular("managedclusterset")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterSet extends CustomResource<ManagedClusterSetSpec, ClusterSetStatus> {
  /** The label that makes a cluster a member of an {@code ExclusiveClusterSetLabel} set. */
  public static final String SET_LABEL = "cluster.open-cluster-management.io/clusterset";

  public static final String EXCLUSIVE = "ExclusiveClusterSetLabel";
  public static final String LABEL_SELECTOR = "LabelSelector";
  public static final String CONDITION_EMPTY = "ClusterSetEmpty";

  /** The set every cluster without a set label belongs to. */
  public static final String DEFAULT = "default";

  /** The set that selects every cluster. */
  public static final String GLOBAL = "global";

  @Override
  protected ManagedClusterSetSpec initSpec() {
    return new ManagedClusterSetSpec();
  }

  @Override
  protected ClusterSetStatus initStatus() {
    return new ClusterSetStatus();
  }
}
