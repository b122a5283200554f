package io.fleetflow.model.clusterset;

import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.ReferenceGuard;
import io.fleetflow.model.meta.ResourceKind;

/** The kinds of the cluster-set feature: ManagedClusterSet and ManagedClusterSetBinding. */
public final class ClusterSetKinds {
  public static final ResourceKind<ManagedClusterSet> MANAGED_CLUSTER_SET =
      ResourceKind.of(ManagedClusterSet.class, ApiGroups.CLUSTER, "v1beta2", "ManagedClusterSet")
          .shortNames("mclset", "mclsets")
          .validator(ClusterSetValidators.SETS)
          .column(
              "Empty",
              "string",
              s -> statusOf(s.getStatus().getConditions(), ManagedClusterSet.CONDITION_EMPTY))
          .column("Age", "date", s -> s.getMetadata().getCreationTimestamp())
          .build();

  public static final ResourceKind<ManagedClusterSetBinding> MANAGED_CLUSTER_SET_BINDING =
      ResourceKind.of(
              ManagedClusterSetBinding.class,
              ApiGroups.CLUSTER,
              "v1beta2",
              "ManagedClusterSetBinding")
          .shortNames("mclsetbinding", "mclsetbindings")
          .namespaced()
          .validator(ClusterSetValidators.BINDINGS)
          .guard(
              new ReferenceGuard<>(
                  b -> b.getSpec() == null ? null : b.getSpec().getClusterSet(),
                  ApiGroups.CLUSTER,
                  "managedclustersets",
                  "bind",
                  "create",
                  "bind the set into a namespace"))
          .column(
              "Bound",
              "string",
              b ->
                  statusOf(b.getStatus().getConditions(), ManagedClusterSetBinding.CONDITION_BOUND))
          .column("Age", "date", b -> b.getMetadata().getCreationTimestamp())
          .build();

  private ClusterSetKinds() {}
}
