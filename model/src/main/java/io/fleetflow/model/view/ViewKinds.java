package io.fleetflow.model.view;

import static io.fleetflow.model.meta.Conditions.reasonOf;
import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.ResourceKind;

/** The kind of the view feature: ManagedClusterView, in the namespace of its cluster. */
public final class ViewKinds {
  public static final ResourceKind<ManagedClusterView> MANAGED_CLUSTER_VIEW =
      ResourceKind.of(
              ManagedClusterView.class, ApiGroups.VIEW, ApiGroups.V1BETA1, "ManagedClusterView")
          .shortNames("mcv")
          .namespaced()
          .validator(new ManagedClusterViewValidator())
          .column("Type", "string", v -> v.getSpec().getScope().describeType())
          .column("Object", "string", v -> v.getSpec().getScope().describeObject())
          .column(
              "Processing",
              "string",
              v -> statusOf(v.getStatus().getConditions(), ManagedClusterView.CONDITION_PROCESSING))
          .column(
              "Reason",
              "string",
              v -> reasonOf(v.getStatus().getConditions(), ManagedClusterView.CONDITION_PROCESSING))
          .column("Age", "date", v -> v.getMetadata().getCreationTimestamp())
          .build();

  private ViewKinds() {}
}
