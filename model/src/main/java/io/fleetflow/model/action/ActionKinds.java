package io.fleetflow.model.action;

import static io.fleetflow.model.meta.Conditions.reasonOf;
import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;

/**
 * The kind of the action feature: ManagedClusterAction, in the namespace of its cluster, with
 * {@code approve} for actions that wait for an approver (approvers and admins only).
 */
public final class ActionKinds {
  /** The Update by which an approver lets a waiting action run. */
  public static final String APPROVE = "approve";

  public static final ResourceKind<ManagedClusterAction> MANAGED_CLUSTER_ACTION =
      ResourceKind.of(
              ManagedClusterAction.class,
              ApiGroups.ACTION,
              ApiGroups.V1BETA1,
              "ManagedClusterAction")
          .shortNames("mca")
          .namespaced()
          .validator(new ManagedClusterActionValidator())
          .column("Type", "string", a -> a.getSpec().getActionType())
          .column("Object", "string", a -> a.getSpec().getKube().describe())
          .column(
              "Approved",
              "string",
              a -> statusOf(a.getStatus().getConditions(), ManagedClusterAction.CONDITION_APPROVED))
          .column(
              "Completed",
              "string",
              a ->
                  statusOf(a.getStatus().getConditions(), ManagedClusterAction.CONDITION_COMPLETED))
          .column(
              "Reason",
              "string",
              a ->
                  reasonOf(a.getStatus().getConditions(), ManagedClusterAction.CONDITION_COMPLETED))
          .column(
              "Requested By",
              "string",
              a ->
                  a.getMetadata().getAnnotations() == null
                      ? ""
                      : a.getMetadata()
                          .getAnnotations()
                          .getOrDefault(ManagedClusterAction.REQUESTED_BY, ""))
          .column("Age", "date", a -> a.getMetadata().getCreationTimestamp())
          .subresource(
              Subresource.update(APPROVE, APPROVE, ActionApproval.class, Permission.DECIDE))
          .build();

  private ActionKinds() {}
}
