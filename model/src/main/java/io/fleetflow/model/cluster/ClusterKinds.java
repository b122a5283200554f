package io.fleetflow.model.cluster;

import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.DecisiveField;
import io.fleetflow.model.meta.ReferenceGuard;
import io.fleetflow.model.meta.ResourceKind;

/** The kind of the cluster feature: ManagedCluster, whose acceptance is a decision. */
public final class ClusterKinds {
  /** The Query that answers a cluster's recent events, served as core/v1 Events. */
  public static final String EVENTS = "events";

  public static final ResourceKind<ManagedCluster> MANAGED_CLUSTER =
      ResourceKind.of(ManagedCluster.class, ApiGroups.CLUSTER, ApiGroups.V1, "ManagedCluster")
          .shortNames("mcl", "mcls")
          .validator(new ManagedClusterValidator())
          .column("Hub Accepted", "boolean", c -> c.getSpec().isHubAcceptsClient())
          .column(
              "Managed Cluster URLs",
              "string",
              c ->
                  String.join(
                      ",",
                      c.getSpec().getManagedClusterClientConfigs().stream()
                          .map(ClientConfig::url)
                          .toList()))
          .column(
              "Joined",
              "string",
              c -> statusOf(c.getStatus().getConditions(), ManagedCluster.CONDITION_JOINED))
          .column(
              "Available",
              "string",
              c -> statusOf(c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE))
          .column("Age", "date", c -> c.getMetadata().getCreationTimestamp())
          .decisive(
              DecisiveField.always(
                  "/spec/hubAcceptsClient",
                  "false",
                  "accept or deny",
                  ApiGroups.REGISTER,
                  "accept",
                  "update"))
          .guard(
              new ReferenceGuard<>(
                  c ->
                      c.getMetadata().getLabels() == null
                          ? null
                          : c.getMetadata().getLabels().get(ManagedClusterSet.SET_LABEL),
                  ApiGroups.CLUSTER,
                  "managedclustersets",
                  "join",
                  "create",
                  "put managedclusters into the set"))
          .events(EVENTS)
          .build();

  private ClusterKinds() {}
}
