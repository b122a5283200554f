package io.fleetflow.model.meta;

import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.RolloutKinds;

/**
 * The two kinds that the ManagedCluster and ManifestWorkReplicaSet workflows still name from here,
 * until their split into collaborators lands; everything else names the feature's own declaration
 * ({@link ClusterKinds}, {@link RolloutKinds}, ...) or the registry ({@code
 * io.fleetflow.model.registry.Kinds}). This class goes once those two workflows moved.
 */
@Deprecated(forRemoval = true)
public final class Kinds {
  public static final ResourceKind<ManagedCluster> MANAGED_CLUSTER = ClusterKinds.MANAGED_CLUSTER;

  public static final ResourceKind<ManifestWorkReplicaSet> MANIFEST_WORK_REPLICA_SET =
      RolloutKinds.MANIFEST_WORK_REPLICA_SET;

  private Kinds() {}
}
