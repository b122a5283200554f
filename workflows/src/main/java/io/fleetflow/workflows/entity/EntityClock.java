package io.fleetflow.workflows.entity;

import io.temporal.workflow.Workflow;
import java.time.Instant;

/** The workflow's notion of now, taken from Temporal so that replays see the same time. */
public final class EntityClock {
  private EntityClock() {}

  /** Returns the current workflow time. Call only from workflow code. */
  public static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
