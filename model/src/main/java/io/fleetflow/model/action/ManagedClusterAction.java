package io.fleetflow.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;
import java.util.Map;

/**
 * The foundation API's ManagedClusterAction ({@code action.open-cluster-management.io/v1beta1}), in
 * the namespace of its cluster: one Create, Update (a merge patch) or Delete of one object on that
 * cluster, run exactly once. Beyond OCM, an action may wait for an approver first ({@value
 * #REQUIRES_APPROVAL}).
 */
@Group(ApiGroups.ACTION)
@Version(ApiGroups.V1BETA1)
@Kind("ManagedClusterAction")
@Plural("managedclusteractions")
@Singular("managedclusteraction")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterAction
    extends CustomResource<ManagedClusterActionSpec, ManagedClusterActionStatus>
    implements Namespaced {
  /** The action's one condition in the foundation API. */
  public static final String CONDITION_COMPLETED = "Completed";

  /** Fleetflow's condition of an action that needs an approver. */
  public static final String CONDITION_APPROVED = ApiGroups.FLEETFLOW_PREFIX + "Approved";

  public static final String REASON_DONE = "ActionDone";
  public static final String REASON_CREATE_FAILED = "CreateResourceFailed";
  public static final String REASON_UPDATE_FAILED = "UpdateResourceFailed";
  public static final String REASON_DELETE_FAILED = "DeleteResourceFailed";
  public static final String REASON_TYPE_INVALID = "ActionTypeInvalid";

  /** Fleetflow's reasons: no agent took the action, or nobody approved it in time. */
  public static final String REASON_CLUSTER_UNREACHABLE = "ClusterUnreachable";

  /** The foundation API's reason for an action of the given type that failed on the cluster. */
  public static String failureReason(String actionType) {
    return switch (actionType) {
      case CREATE -> REASON_CREATE_FAILED;
      case UPDATE -> REASON_UPDATE_FAILED;
      case DELETE -> REASON_DELETE_FAILED;
      default -> REASON_TYPE_INVALID;
    };
  }

  public static final String REASON_APPROVAL_EXPIRED = "ApprovalExpired";
  public static final String REASON_WAITING_FOR_APPROVAL = "WaitingForApproval";
  public static final String REASON_APPROVED = "Approved";

  /** The annotation that makes an action wait for an approver: {@code "true"}. */
  public static final String REQUIRES_APPROVAL = ApiGroups.FLEETFLOW_PREFIX + "requires-approval";

  /**
   * How long an action waits for an approver, in seconds ({@value #DEFAULT_APPROVAL_SECONDS} when
   * not given); after that it completes with {@value #REASON_APPROVAL_EXPIRED} and does nothing.
   */
  public static final String APPROVAL_TIMEOUT =
      ApiGroups.FLEETFLOW_PREFIX + "approval-timeout-seconds";

  public static final long DEFAULT_APPROVAL_SECONDS = 24 * 3600;

  /** The annotation the hub writes with the user who created the action; a client's is replaced. */
  public static final String REQUESTED_BY = ApiGroups.FLEETFLOW_PREFIX + "requested-by";

  /** Create, Update and Delete, as the foundation API spells them. */
  public static final String CREATE = "Create";

  public static final String UPDATE = "Update";
  public static final String DELETE = "Delete";

  @Override
  protected ManagedClusterActionSpec initSpec() {
    return new ManagedClusterActionSpec();
  }

  @Override
  protected ManagedClusterActionStatus initStatus() {
    return new ManagedClusterActionStatus();
  }

  /** True when the action waits for an approver before it runs. */
  public static boolean requiresApproval(HasMetadata action) {
    Map<String, String> annotations = action.getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(REQUIRES_APPROVAL));
  }

  /** How long the action waits for an approver, in seconds. */
  public static long approvalSeconds(HasMetadata action) {
    Map<String, String> annotations = action.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(APPROVAL_TIMEOUT);
    return value == null ? DEFAULT_APPROVAL_SECONDS : Long.parseLong(value.trim());
  }
}
