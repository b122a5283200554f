package io.fleetflow.activities.hub;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What a ManagedCluster workflow asks of the hub's configuration. */
@ActivityInterface
public interface RegistrationActivities {
  /**
   * Returns the registration policy in force: how long a join request waits for a decision, how
   * many missed leases make a cluster Unknown, and the auto-approval rules.
   */
  @ActivityMethod(name = "RegistrationPolicy")
  RegistrationPolicy policy();
}
