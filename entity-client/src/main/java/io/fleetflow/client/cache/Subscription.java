package io.fleetflow.client.cache;

import java.util.List;

/**
 * An open watch on the cache: the events that come before any live one (the current objects as
 * ADDED, or the changes after the position the watch resumes from), then live changes of its kind
 * through {@link #next}. Closing it unsubscribes.
 *
 * @param initial the events to send first
 * @param start the cache's position when the subscription opened
 */
public record Subscription(
    List<CacheEvent> initial, long start, Subscriber subscriber, Runnable onClose)
    implements AutoCloseable {

  /**
   * The next live change, waiting at most {@code millis}; null when none came.
   *
   * @throws Subscriber.Ended when the cache reset the subscription (it relisted, the client fell
   *     behind, or the gateway stops): the watch must end
   */
  public CacheEvent next(long millis) throws InterruptedException {
    return subscriber.poll(millis);
  }

  /**
   * The feed position every change of this watch's kind up to which has been taken through {@link
   * #next}, or {@code taken} (the last position taken) when changes still wait: what a bookmark
   * carries, so that a quiet watch's bookmarks keep up with the feed.
   */
  public long bookmarkable(long taken) {
    long reached = subscriber.reached();
    return subscriber.drained() ? Math.max(taken, reached) : taken;
  }

  /** Whether {@code e} says the subscription ended. */
  public static boolean ended(RuntimeException e) {
    return e instanceof Subscriber.Ended;
  }

  @Override
  public void close() {
    onClose.run();
  }
}
