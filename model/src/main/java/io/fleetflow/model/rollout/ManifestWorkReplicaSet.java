package io.fleetflow.model.rollout;

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
 * OCM's ManifestWorkReplicaSet: one ManifestWork template rolled out, stage by stage, to every
 * cluster its placements select. Fleetflow adds approval gates, pause, resume, abort and rollback.
 */
@Group(ApiGroups.WORK)
@Version(ManifestWorkReplicaSet.VERSION)
@Kind("ManifestWorkReplicaSet")
@Plural("manifestworkreplicasets")
@Singular("manifestworkreplicaset")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManifestWorkReplicaSet
    extends CustomResource<ManifestWorkReplicaSetSpec, ManifestWorkReplicaSetStatus>
    implements Namespaced {
  public static final String VERSION = "v1alpha1";

  /** OCM's label on generated works naming the placement that selected their cluster. */
  public static final String PLACEMENT_LABEL = "work.open-cluster-management.io/placementname";

  /**
   * Fleetflow's annotation on the works a replica set holds itself: the replica set's workflow,
   * {@code ManifestWorkReplicaSet/<namespace>/<name>}. Such a work is changed only through its
   * replica set.
   */
  public static final String HELD_BY_ANNOTATION = ApiGroups.FLEETFLOW_PREFIX + "held-by";

  /** Fleetflow's annotation on generated works: the template revision they carry. */
  public static final String REVISION_ANNOTATION = ApiGroups.FLEETFLOW_PREFIX + "rollout-revision";

  public static final String CONDITION_PLACEMENT_VERIFIED = "PlacementVerified";
  public static final String CONDITION_PLACEMENT_ROLLED_OUT = "PlacementRolledOut";
  public static final String CONDITION_MANIFESTWORK_APPLIED = "ManifestworkApplied";

  @Override
  protected ManifestWorkReplicaSetSpec initSpec() {
    return new ManifestWorkReplicaSetSpec();
  }

  @Override
  protected ManifestWorkReplicaSetStatus initStatus() {
    return new ManifestWorkReplicaSetStatus();
  }
}
