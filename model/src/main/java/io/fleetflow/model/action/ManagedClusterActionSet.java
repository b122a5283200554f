package io.fleetflow.model.action;

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
 * Fleetflow's ManagedClusterActionSet ({@code fleetflow.io/v1alpha1}): one action template run on
 * every cluster a placement selects, progressively by the placement's rollout strategy and the
 * set's approval gates, as a ManifestWorkReplicaSet rolls out a work. Each cluster gets a
 * ManagedClusterAction of the set's name in its namespace; the set counts the clusters done,
 * failed, running and waiting, and stops starting clusters once failures exceed {@code
 * maxFailures}.
 */
@Group(ApiGroups.FLEETFLOW)
@Version(ApiGroups.V1ALPHA1)
@Kind("ManagedClusterActionSet")
@Plural("managedclusteractionsets")
@Singular("managedclusteractionset")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterActionSet
    extends CustomResource<ManagedClusterActionSetSpec, ManagedClusterActionSetStatus>
    implements Namespaced {
  /** Every cluster's action is done (True), or the set stopped or waits (False, with why). */
  public static final String CONDITION_COMPLETED = "Completed";

  /** The set stopped: more clusters failed than {@code maxFailures} allows. */
  public static final String REASON_HALTED = "MaxFailuresExceeded";

  /** Every cluster's action completed, some failed, no more than {@code maxFailures}. */
  public static final String REASON_SOME_FAILED = "SomeClustersFailed";

  public static final String REASON_WAITING_FOR_APPROVAL = "WaitingForApproval";
  public static final String REASON_RUNNING = "Running";
  public static final String REASON_NO_PLACEMENT = "PlacementNotFound";

  /** The annotation on each generated action naming its set, {@code <namespace>/<name>}. */
  public static final String OWNER = ApiGroups.FLEETFLOW_PREFIX + "action-set";

  @Override
  protected ManagedClusterActionSetSpec initSpec() {
    return new ManagedClusterActionSetSpec();
  }

  @Override
  protected ManagedClusterActionSetStatus initStatus() {
    return new ManagedClusterActionSetStatus();
  }
}
