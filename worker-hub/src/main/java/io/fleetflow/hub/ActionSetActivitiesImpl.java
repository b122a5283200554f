package io.fleetflow.hub;

import io.fleetflow.activities.hub.ActionSetActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.model.action.ActionKinds;
import io.fleetflow.model.action.ManagedClusterActionSet;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Starts the actions of ManagedClusterActionSets through their entities. */
@Component("actionSetActivities")
public class ActionSetActivitiesImpl implements ActionSetActivities {
  private final EntityClient entities;

  public ActionSetActivitiesImpl(EntityClient entities) {
    this.entities = entities;
  }

  @Override
  public boolean start(SetAction action) {
    var ref = entities.entity(ActionKinds.MANAGED_CLUSTER_ACTION, action.cluster(), action.name());
    try {
      entities.create(ActionKinds.MANAGED_CLUSTER_ACTION, action.toAction(), action.actor());
      return true;
    } catch (EntityException.AlreadyExists e) {
      // A retry after a crash finds the action it created; anything else is in the way.
      return ref.find()
          .map(
              existing ->
                  existing.getMetadata().getAnnotations() != null
                      && Objects.equals(
                          existing
                              .getMetadata()
                              .getAnnotations()
                              .get(ManagedClusterActionSet.OWNER),
                          action.owner()))
          .orElse(false);
    }
  }
}
