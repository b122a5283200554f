package io.fleetflow.workflows.clusterset;

import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** The stub through which cluster-set workflows read other entities. */
final class Inventory {
  private Inventory() {}

  static InventoryActivities stub(String summary) {
    return Workflow.newActivityStub(
        InventoryActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(EntityOperations.HUB_TASK_QUEUE)
            .setStartToCloseTimeout(Duration.ofSeconds(20))
            .setSummary(summary)
            .build());
  }
}
