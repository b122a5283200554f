package io.fleetflow.model.view;

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
 * The foundation API's ManagedClusterView ({@code view.open-cluster-management.io/v1beta1}), in the
 * namespace of its cluster: one object of that cluster, projected into {@code status.result} and
 * kept current as the object changes there.
 */
@Group(ApiGroups.VIEW)
@Version(ApiGroups.V1BETA1)
@Kind("ManagedClusterView")
@Plural("managedclusterviews")
@Singular("managedclusterview")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterView
    extends CustomResource<ManagedClusterViewSpec, ManagedClusterViewStatus> implements Namespaced {
  /** The view's one condition, as the foundation API names it. */
  public static final String CONDITION_PROCESSING = "Processing";

  /** The object was read and is being watched. */
  public static final String REASON_PROCESSING = "GetResourceProcessing";

  /** The object could not be read: it does not exist, or the cluster refused the read. */
  public static final String REASON_FAILED = "GetResourceFailed";

  /** The scope names no object. */
  public static final String REASON_NAME_INVALID = "ResourceNameInvalid";

  /** The cluster serves the scope's group and version but not its kind or resource. */
  public static final String REASON_TYPE_INVALID = "ResourceTypeInvalid";

  /** The cluster does not serve the scope's group and version. */
  public static final String REASON_GVK_INVALID = "ResourceGVKInvalid";

  /** Fleetflow's reason when the cluster's agent took no task in time. */
  public static final String REASON_CLUSTER_UNREACHABLE = "ClusterUnreachable";

  /** Fleetflow's reason when the object is larger than a view may carry. */
  public static final String REASON_RESULT_TOO_LARGE = "ResultTooLarge";

  @Override
  protected ManagedClusterViewSpec initSpec() {
    return new ManagedClusterViewSpec();
  }

  @Override
  protected ManagedClusterViewStatus initStatus() {
    return new ManagedClusterViewStatus();
  }
}
