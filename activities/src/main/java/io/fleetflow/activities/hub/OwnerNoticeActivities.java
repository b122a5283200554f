package io.fleetflow.activities.hub;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Tells the workflow that owns an object (a ManifestWorkReplicaSet or a ManagedClusterAddOn that
 * generated a ManifestWork) that the object's status changed. Run as a local activity of the owned
 * object's workflow: one marker event, where a signal to an external workflow cost two events and a
 * workflow task of their own. At least once (a worker crash replays it); owners keep the newest
 * report by generation. Only the hub's worker runs it: agents cannot schedule activities on the
 * hub's task queue.
 */
@ActivityInterface
public interface OwnerNoticeActivities {
  /**
   * Signals the owner's workflow.
   *
   * @param ownerWorkflowId the owner's workflow ID
   * @param signalName the owner's signal for the report
   * @param report the report, as the owner's signal handler reads it (it travels as JSON)
   * @return false when the owner's workflow does not run (the owner is gone)
   */
  @ActivityMethod(name = "NoticeOwner")
  boolean notice(String ownerWorkflowId, String signalName, Object report);
}
