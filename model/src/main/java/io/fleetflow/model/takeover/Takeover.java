package io.fleetflow.model.takeover;

import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;

/**
 * The names by which a ManagedCluster shows its takeover, and the annotations by which an operator
 * steers it. Fleetflow's own names carry the {@code fleetflow.io/} prefix so they never clash with
 * OCM's; {@code Deleting} is OCM's own condition.
 */
public final class Takeover {
  /** True once every resource of the profile is installed and the hub manages the cluster. */
  public static final String CONDITION_TAKEN_OVER = "fleetflow.io/TakenOver";

  /** OCM's condition while a deleted cluster is cleaned up. */
  public static final String CONDITION_DELETING = "Deleting";

  /** The TakenOver reason while a release runs; the agent keeps taking work while it shows. */
  public static final String REASON_RELEASING = "Releasing";

  /** OCM's Deleting reasons. */
  public static final String REASON_RESOURCE_REMAINING = "ResourceRemaining";

  public static final String REASON_NO_RESOURCE = "NoResource";

  /** Changing this annotation's value makes a failed install try again. */
  public static final String RETRY_ANNOTATION = "fleetflow.io/retry-takeover";

  /**
   * Setting this annotation (its value is the reason) ends a waiting release: what is left on the
   * cluster is orphaned, and who forced it and why is recorded.
   */
  public static final String FORCE_RELEASE_ANNOTATION = "fleetflow.io/force-release";

  private Takeover() {}

  /** Returns true while the hub releases the cluster, so its agent must keep taking work. */
  public static boolean isReleasing(ManagedCluster cluster) {
    return cluster.getStatus() != null
        && Conditions.find(cluster.getStatus().getConditions(), CONDITION_TAKEN_OVER)
            .map(c -> REASON_RELEASING.equals(c.getReason()))
            .orElse(false);
  }
}
