package io.fleetflow.model.action;

import static io.fleetflow.model.meta.Conditions.reasonOf;
import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.Reference;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.placement.PlacementKinds;
import java.util.List;

/**
 * The kinds of the action feature: ManagedClusterAction, in the namespace of its cluster, and
 * Fleetflow's ManagedClusterActionSet, which runs one action on every cluster of a placement; both
 * with {@code approve} for what waits for an approver (approvers and admins only).
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

  public static final ResourceKind<ManagedClusterActionSet> MANAGED_CLUSTER_ACTION_SET =
      ResourceKind.of(
              ManagedClusterActionSet.class,
              ApiGroups.FLEETFLOW,
              ApiGroups.V1ALPHA1,
              "ManagedClusterActionSet")
          .shortNames("mcaset")
          .namespaced()
          .validator(new ManagedClusterActionSetValidator())
          .column("Type", "string", s -> s.getSpec().getActionTemplate().getActionType())
          .column("Placement", "string", s -> s.getSpec().getPlacementRef().name())
          .column("Total", "integer", s -> s.getStatus().getSummary().total())
          .column("Done", "integer", s -> s.getStatus().getSummary().done())
          .column("Failed", "integer", s -> s.getStatus().getSummary().failed())
          .column("Running", "integer", s -> s.getStatus().getSummary().running())
          .column("Waiting", "integer", s -> s.getStatus().getSummary().waiting())
          .column(
              "Reason",
              "string",
              s ->
                  reasonOf(
                      s.getStatus().getConditions(), ManagedClusterActionSet.CONDITION_COMPLETED))
          .column("Age", "date", s -> s.getMetadata().getCreationTimestamp())
          .subresource(
              Subresource.update(APPROVE, APPROVE, ActionApproval.class, Permission.DECIDE))
          .references(
              new Reference<>(
                  PlacementKinds.PLACEMENT,
                  s ->
                      List.of(
                          new Reference.Named(
                              "spec.placementRef.name", s.getSpec().getPlacementRef().name()))))
          .build();

  private ActionKinds() {}
}
