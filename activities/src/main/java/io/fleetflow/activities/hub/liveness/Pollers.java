package io.fleetflow.activities.hub.liveness;

import java.util.OptionalLong;

/** When a cluster's agent last polled its task queue, as Temporal records it. */
public interface Pollers {
  /**
   * The time of the latest poll of the cluster's task queue by any of its agent's workers (epoch
   * millis), or empty when Temporal knows of none.
   *
   * @throws RuntimeException when the task queue cannot be read now
   */
  OptionalLong lastPoll(String cluster);
}
