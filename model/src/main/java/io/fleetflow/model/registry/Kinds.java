package io.fleetflow.model.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.certificates.CertificateKinds;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.rbac.RbacKinds;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.model.view.ViewKinds;
import io.fleetflow.model.work.WorkKinds;
import java.util.List;
import java.util.Optional;

/**
 * The registry of every kind Fleetflow serves, assembled from the features' own declarations. Only
 * the processes that serve or run every kind (the gateway, the hub) read it; no feature does, so a
 * new kind is one more line here and nothing else changes outside its feature.
 */
public final class Kinds {
  public static final List<ResourceKind<? extends HasMetadata>> ALL =
      List.of(
          ClusterKinds.MANAGED_CLUSTER,
          WorkKinds.MANIFEST_WORK,
          ClusterSetKinds.MANAGED_CLUSTER_SET,
          ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING,
          PlacementKinds.PLACEMENT,
          PlacementKinds.PLACEMENT_DECISION,
          PlacementKinds.ADD_ON_PLACEMENT_SCORE,
          RolloutKinds.MANIFEST_WORK_REPLICA_SET,
          TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE,
          CertificateKinds.CERTIFICATE_SIGNING_REQUEST,
          ViewKinds.MANAGED_CLUSTER_VIEW,
          ActionKinds.MANAGED_CLUSTER_ACTION,
          ActionKinds.MANAGED_CLUSTER_ACTION_SET,
          AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON,
          AddOnKinds.MANAGED_CLUSTER_ADD_ON,
          AddOnKinds.ADD_ON_DEPLOYMENT_CONFIG,
          AddOnKinds.ADD_ON_TEMPLATE,
          RbacKinds.CLUSTER_ROLE,
          RbacKinds.ROLE,
          RbacKinds.CLUSTER_ROLE_BINDING,
          RbacKinds.ROLE_BINDING);

  private Kinds() {}

  /** Finds a kind by group, version and plural resource name, as a REST path names it. */
  public static Optional<ResourceKind<? extends HasMetadata>> byPath(
      String group, String version, String plural) {
    return ALL.stream()
        .filter(k -> k.group().equals(group) && k.serves(version) && k.plural().equals(plural))
        .findFirst();
  }
}
