package io.fleetflow.activities.hub;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;

/** Signals owners through the hub's client. */
public class OwnerNoticeActivitiesImpl implements OwnerNoticeActivities {
  private final WorkflowClient client;

  public OwnerNoticeActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public boolean notice(String ownerWorkflowId, String signalName, Object report) {
    try {
      client.newUntypedWorkflowStub(ownerWorkflowId).signal(signalName, report);
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }
}
