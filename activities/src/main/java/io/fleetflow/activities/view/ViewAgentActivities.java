package io.fleetflow.activities.view;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the hub asks of a cluster's agent for ManagedClusterViews. Both are idempotent: watching a
 * view again replaces its watch, and stopping a view that is not watched does nothing.
 */
@ActivityInterface
public interface ViewAgentActivities {
  /**
   * Reads the view's object now and watches it from then on: every later change, deletion or
   * re-creation is sent to the view's workflow as a {@code viewChanged} signal. Replaces the view's
   * earlier watch. A type the cluster does not serve, a missing object or a refused read is
   * answered as a report with its reason, not as a failure.
   */
  @ActivityMethod(name = "WatchView")
  ViewReport watchView(ViewRequest request);

  /** Stops watching the named view. */
  @ActivityMethod(name = "StopView")
  void stopView(String view);
}
