package io.fleetflow.model.feed;

/**
 * A place in the change feed: the feed run's sequence number (it grows by one at every
 * continue-as-new) and an event ID in that run's history. Encoded as one decimal number, {@code run
 * * 10^9 + eventId}, so that positions compare as numbers across runs; this number is the
 * resourceVersion of lists, watch events and objects.
 *
 * @param run the feed run's sequence number, from 0
 * @param eventId the event's ID in that run's history
 */
public record FeedPosition(long run, long eventId) implements Comparable<FeedPosition> {
  /** Event IDs per run; a run continues as new long before this many events. */
  public static final long RUN_SPAN = 1_000_000_000L;

  /** Before any change. */
  public static final FeedPosition ZERO = new FeedPosition(0, 0);

  public FeedPosition {
    if (run < 0 || eventId < 0 || eventId >= RUN_SPAN) {
      throw new IllegalArgumentException("no such feed position: " + run + "/" + eventId);
    }
  }

  /** The position as a resourceVersion. */
  public long encoded() {
    return run * RUN_SPAN + eventId;
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
    return new FeedPosition(value / RUN_SPAN, value % RUN_SPAN);
  }

  @Override
  public int compareTo(FeedPosition other) {
    return Long.compare(encoded(), other.encoded());
  }
}
