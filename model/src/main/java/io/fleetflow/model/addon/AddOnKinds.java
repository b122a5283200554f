package io.fleetflow.model.addon;

import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.rollout.RolloutCommand;
import io.fleetflow.model.rollout.RolloutKinds;

/**
 * The kinds of the add-on feature, in OCM's {@code addon.open-cluster-management.io/v1alpha1} (the
 * version clusteradm v1.3.1 uses, and the one stored) with OCM's short names and printer columns;
 * ClusterManagementAddOn and ManagedClusterAddOn are also served at {@code v1beta1} ({@link
 * AddOnV1beta1}): ClusterManagementAddOn and AddOnTemplate (cluster-scoped), ManagedClusterAddOn
 * (in a cluster's namespace) and AddOnDeploymentConfig (namespaced).
 */
public final class AddOnKinds {
  public static final ResourceKind<ClusterManagementAddOn> CLUSTER_MANAGEMENT_ADD_ON =
      ResourceKind.of(
              ClusterManagementAddOn.class,
              ApiGroups.ADDON,
              ApiGroups.V1ALPHA1,
              "ClusterManagementAddOn")
          .shortNames("cma", "cmas")
          .alsoServedAt(ApiGroups.V1BETA1, AddOnV1beta1.CLUSTER_MANAGEMENT_ADD_ON)
          .validator(AddOnValidators.CLUSTER_MANAGEMENT_ADD_ONS)
          .column(
              "DISPLAY NAME",
              "string",
              a ->
                  a.getSpec().getAddOnMeta() == null
                      ? ""
                      : a.getSpec().getAddOnMeta().displayName())
          .column("CRD NAME", "string", a -> "")
          .subresource(
              Subresource.update(
                  RolloutKinds.APPROVE,
                  RolloutKinds.APPROVE,
                  RolloutCommand.class,
                  Permission.DECIDE))
          .subresource(
              Subresource.update(
                  RolloutKinds.PAUSE, RolloutKinds.PAUSE, RolloutCommand.class, Permission.CHANGE))
          .subresource(
              Subresource.update(
                  RolloutKinds.RESUME,
                  RolloutKinds.RESUME,
                  RolloutCommand.class,
                  Permission.CHANGE))
          .subresource(
              Subresource.update(
                  RolloutKinds.ABORT, RolloutKinds.ABORT, RolloutCommand.class, Permission.CHANGE))
          .subresource(
              Subresource.update(
                  RolloutKinds.UNDO, RolloutKinds.UNDO, RolloutCommand.class, Permission.CHANGE))
          .build();

  public static final ResourceKind<ManagedClusterAddOn> MANAGED_CLUSTER_ADD_ON =
      ResourceKind.of(
              ManagedClusterAddOn.class, ApiGroups.ADDON, ApiGroups.V1ALPHA1, "ManagedClusterAddOn")
          .shortNames("mca", "mcas")
          .alsoServedAt(ApiGroups.V1BETA1, AddOnV1beta1.MANAGED_CLUSTER_ADD_ON)
          .namespaced()
          .validator(AddOnValidators.MANAGED_CLUSTER_ADD_ONS)
          .column(
              "Available",
              "string",
              a -> statusOf(a.getStatus().getConditions(), ManagedClusterAddOn.CONDITION_AVAILABLE))
          .column("Degraded", "string", a -> statusOf(a.getStatus().getConditions(), "Degraded"))
          .column(
              "Progressing",
              "string",
              a ->
                  statusOf(
                      a.getStatus().getConditions(), ManagedClusterAddOn.CONDITION_PROGRESSING))
          .build();

  public static final ResourceKind<AddOnDeploymentConfig> ADD_ON_DEPLOYMENT_CONFIG =
      ResourceKind.of(
              AddOnDeploymentConfig.class,
              ApiGroups.ADDON,
              ApiGroups.V1ALPHA1,
              "AddOnDeploymentConfig")
          .namespaced()
          .validator(AddOnValidators.DEPLOYMENT_CONFIGS)
          .column("Age", "date", c -> c.getMetadata().getCreationTimestamp())
          .build();

  public static final ResourceKind<AddOnTemplate> ADD_ON_TEMPLATE =
      ResourceKind.of(AddOnTemplate.class, ApiGroups.ADDON, ApiGroups.V1ALPHA1, "AddOnTemplate")
          .validator(AddOnValidators.TEMPLATES)
          .column("ADDON NAME", "string", t -> t.getSpec().getAddonName())
          .build();

  private AddOnKinds() {}
}
