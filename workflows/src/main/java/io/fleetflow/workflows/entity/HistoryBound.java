package io.fleetflow.workflows.entity;

import java.util.Optional;

/**
 * Keeps an entity workflow's history within Temporal's limits whatever its input, so no write can
 * make Temporal terminate an object's workflow (and with it the object, skipping every cleanup). An
 * entity continues as new whenever Temporal suggests it and nothing holds it in its run (a child
 * workflow, such as a takeover, does not move to the next run); while something does, writes are
 * refused once the history nears Temporal's limit, and may be retried when the step ends. Pure, so
 * the rules are table-tested ({@code HistoryBoundTest}).
 */
public final class HistoryBound {
  /** The history size at which Temporal terminates a workflow, by default. */
  public static final long TEMPORAL_LIMIT_BYTES = 50L << 20;

  /**
   * The most one write can add: an object at Kubernetes' limit of about 1.5 MiB is carried in the
   * update's request and again in its result, with the events around them.
   */
  public static final long LARGEST_WRITE_BYTES = 4L << 20;

  /** Above this size writes are refused, leaving room for a few writes that were already let in. */
  public static final long WRITES_REFUSED_ABOVE_BYTES =
      TEMPORAL_LIMIT_BYTES - 4 * LARGEST_WRITE_BYTES;

  private HistoryBound() {}

  /**
   * Whether the workflow continues as new now.
   *
   * @param suggested Temporal suggests it (the history passed its size or event-count mark)
   * @param heldInRun a step that cannot move to the next run is running (a child workflow)
   */
  public static boolean continueAsNew(boolean suggested, boolean heldInRun) {
    return suggested && !heldInRun;
  }

  /**
   * Why a write must be refused now, or empty when it may go ahead.
   *
   * @param historyBytes the size of the workflow's history so far
   */
  public static Optional<String> refusal(long historyBytes) {
    if (historyBytes <= WRITES_REFUSED_ABOVE_BYTES) {
      return Optional.empty();
    }
    return Optional.of(
        "is busy: its workflow history holds "
            + (historyBytes >> 20)
            + " MiB, near Temporal's limit of "
            + (TEMPORAL_LIMIT_BYTES >> 20)
            + " MiB, and it starts a new run only when its current step (such as a takeover) ends;"
            + " try again in a few minutes");
  }
}
