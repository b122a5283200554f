package io.fleetflow.workflows.entity;

import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * The options of every worker that runs the hub's entity workflows, the hub's and the tests'.
 *
 * <p>An entity's workflow thread decodes each update's object and validates it ({@code
 * io.fleetflow.model.validation.ObjectRules}) before it yields. For an object at the admission
 * limit (1.5 MiB, such as a cluster with 4,000 labels) that takes about 0.3 s on a warm worker of a
 * two-core machine and more than 1 s on a cold or busy one, which Temporal's default deadlock
 * detector takes for a stuck thread: it fails the workflow task, again on every retry while the
 * machine stays busy, and the object's workflow stops moving. Five seconds keep the detector for
 * real deadlocks and stay below the ten-second workflow task timeout.
 */
public final class HubWorkerOptions {
  /** How long a workflow thread may run without yielding before it counts as deadlocked. */
  public static final Duration DEADLOCK_DETECTION_TIMEOUT = Duration.ofSeconds(5);

  private HubWorkerOptions() {}

  /** Applies the hub's settings to a worker's options. */
  public static WorkerOptions.Builder apply(WorkerOptions.Builder options) {
    return options.setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION_TIMEOUT.toMillis());
  }
}
