package io.fleetflow.gateway.cache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One watch's queue of events from the cache. The cache offers every change to every subscriber, so
 * that a quiet watch still learns how far the feed has gone (its bookmarks); a subscriber whose
 * client reads too slowly to keep up is reset rather than held up, and its client lists again, as a
 * Kubernetes API server ends a watch that falls behind.
 */
final class Subscriber {
  private static final CacheEvent RESET = new CacheEvent(-1, null, null, null);

  private final BlockingQueue<CacheEvent> queue;
  private volatile boolean reset;

  Subscriber(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
  }

  void offer(CacheEvent event) {
    if (!reset && !queue.offer(event)) {
      reset();
    }
  }

  /** Ends the subscription: the watch that reads it ends too. */
  void reset() {
    reset = true;
    queue.clear();
    queue.offer(RESET);
  }

  /**
   * The next event, waiting at most {@code millis}; null when none came.
   *
   * @throws Ended when the subscription was reset
   */
  CacheEvent poll(long millis) throws InterruptedException {
    CacheEvent event = queue.poll(millis, TimeUnit.MILLISECONDS);
    if (event == RESET || reset) {
      throw new Ended();
    }
    return event;
  }

  /** The subscription was reset: the watch ends. */
  static final class Ended extends RuntimeException {
    Ended() {
      super("the watch cache was reset", null, false, false);
    }
  }
}
