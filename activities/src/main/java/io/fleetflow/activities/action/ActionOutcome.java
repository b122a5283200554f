package io.fleetflow.activities.action;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.action.ManagedClusterAction;

/**
 * How an action went on the cluster.
 *
 * @param reason {@link ManagedClusterAction#REASON_DONE}, or the foundation API's reason why not
 * @param message the same in words
 * @param result the template applied (Create and Update), or null
 */
public record ActionOutcome(String reason, String message, GenericKubernetesResource result) {
  /** True when the action was done. */
  public boolean done() {
    return ManagedClusterAction.REASON_DONE.equals(reason);
  }
}
