package io.fleetflow.model.feed;

/**
 * A place in the change feed: the feed run's sequence number (it grows by one at every
 * continue-as-new), an event ID in that run's history, and the change's index in that event (a
 * signal carries a batch of changes, {@link ChangeFeed#PUBLISH_BATCH}). Encoded as one decimal
 * number, {@code run * 10^12 + eventId * 10^3 + index}, so that positions compare as numbers across
 * runs; this number is the resourceVersion of lists, watch events and objects.
 *
 * @param run the feed run's sequence number, from 0
 * @param eventId the event's ID in that run's history
 * @param index the change's place in the event's batch, from 0
 */
public record FeedPosition(long run, long eventId, int index) implements Comparable<FeedPosition> {
  /** Positions per event: a batch holds fewer changes ({@link ChangeFeed#MAX_BATCH}). */
  public static final long EVENT_SPAN = 1_000L;

  /** Positions per run; a run continues as new long before {@code RUN_SPAN / EVENT_SPAN} events. */
  public static final long RUN_SPAN = 1_000_000_000_000L;

  /** Before any change. */
  public static final FeedPosition ZERO = new FeedPosition(0, 0);

  public FeedPosition {
    if (run < 0
        || eventId < 0
        || eventId >= RUN_SPAN / EVENT_SPAN
        || index < 0
        || index >= EVENT_SPAN) {
      throw new IllegalArgumentException(
          "no such feed position: " + run + "/" + eventId + "/" + index);
    }
  }

  /** The first change of an event (or the only one, as a single change's signal carries). */
  public FeedPosition(long run, long eventId) {
    this(run, eventId, 0);
  }

  /**
   * The last position an event can hold: a list that holds every change up to and including event
   * {@code eventId} stands here, so that a watch from it starts with the next event's changes.
   */
  public static FeedPosition endOf(long run, long eventId) {
    return new FeedPosition(run, eventId, (int) EVENT_SPAN - 1);
  }

  /** The position as a resourceVersion. */
  public long encoded() {
    return run * RUN_SPAN + eventId * EVENT_SPAN + index;
  }

  @Override
  public String toString() {
    return Long.toString(encoded());
  }

  /**
   * Reads a resourceVersion as a position.
   *
   * @throws IllegalArgumentException when the text is not a non-negative number
   */
  public static FeedPosition parse(String resourceVersion) {
    long value;
    try {
      value = Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("resourceVersion is not a number: " + resourceVersion);
    }
    if (value < 0) {
      throw new IllegalArgumentException("resourceVersion is negative: " + resourceVersion);
    }
    long inRun = value % RUN_SPAN;
    return new FeedPosition(value / RUN_SPAN, inRun / EVENT_SPAN, (int) (inRun % EVENT_SPAN));
  }

  @Override
  public int compareTo(FeedPosition other) {
    return Long.compare(encoded(), other.encoded());
  }
}
