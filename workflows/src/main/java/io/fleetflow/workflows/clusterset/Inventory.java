package io.fleetflow.workflows.clusterset;

import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.workflows.entity.HubStubs;
import java.time.Duration;

/** The stub through which cluster-set workflows read other entities. */
final class Inventory {
  private Inventory() {}

  static InventoryActivities stub(String summary) {
    return HubStubs.of(InventoryActivities.class, summary, Duration.ofSeconds(20));
  }
}
