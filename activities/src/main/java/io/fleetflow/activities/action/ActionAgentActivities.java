package io.fleetflow.activities.action;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What the hub asks of a cluster's agent for ManagedClusterActions. */
@ActivityInterface
public interface ActionAgentActivities {
  /**
   * Runs one action on the cluster. Running it again after a crash leaves the cluster as running it
   * once: a Create finds the object it made (by the action's uid), an Update is a merge patch, and
   * a Delete that finds nothing on a retry counts as done. What the cluster refuses (a missing
   * object, RBAC, an unserved type) is answered as an outcome with its reason, not as a failure.
   */
  @ActivityMethod(name = "RunAction")
  ActionOutcome runAction(ActionRequest request);
}
