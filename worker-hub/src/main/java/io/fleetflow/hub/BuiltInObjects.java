package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;

/** Creates the objects the hub brings with it, once: an object that exists is left as it is. */
final class BuiltInObjects {
  private BuiltInObjects() {}

  /**
   * Creates the object unless it exists; returns true when it was created.
   *
   * @throws WorkflowUpdateException for any refusal other than "already exists"
   */
  static <T extends HasMetadata> boolean ensure(
      WorkflowClient client, ResourceKind<T> kind, T object, Actor actor) {
    var stub =
        client.newUntypedWorkflowStub(
            EntityWorkflowOptions.workflowType(kind),
            EntityWorkflowOptions.forObject(
                kind, object.getMetadata().getNamespace(), object.getMetadata().getName()));
    try {
      stub.executeUpdateWithStart(
          UpdateOptions.newBuilder(kind.type())
              .setUpdateName(EntityOperations.CREATE)
              .setWaitForStage(WorkflowUpdateStage.COMPLETED)
              .build(),
          new Object[] {object, actor},
          new Object[] {null});
      return true;
    } catch (WorkflowUpdateException e) {
      if (EntityFailures.find(e)
          .map(f -> !EntityFailures.ALREADY_EXISTS.equals(f.getType()))
          .orElse(true)) {
        throw e;
      }
      return false;
    }
  }
}
