package io.fleetflow.activities.hub;

import io.fleetflow.model.feed.EntityChange;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Hands an entity's change to the change feed. Run as a local activity, so publishing costs the
 * entity one marker event and no extra workflow task; it is at least once (a worker crash replays
 * it), which readers absorb by applying only newer {@link EntityChange#version()}s.
 */
@ActivityInterface
public interface ChangeFeedActivities {
  /** Signals the feed with the change, starting the feed when it does not run. */
  @ActivityMethod(name = "PublishChange")
  void publish(EntityChange change);

  /**
   * Signals the feed with many changes at once, in as few signals as {@link
   * io.fleetflow.model.feed.ChangeFeed#MAX_BATCH} and its byte limit allow: for one workflow that
   * holds many objects, such as a replica set holding the works it generated.
   */
  @ActivityMethod(name = "PublishChanges")
  void publishAll(List<EntityChange> changes);
}
