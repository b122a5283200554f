package io.fleetflow.activities.hub;

/** Serves the registration policy the hub was configured with. */
public class RegistrationActivitiesImpl implements RegistrationActivities {
  private final RegistrationPolicy policy;

  public RegistrationActivitiesImpl(RegistrationPolicy policy) {
    this.policy = policy;
  }

  @Override
  public RegistrationPolicy policy() {
    return policy;
  }
}
