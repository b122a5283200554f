package io.fleetflow.client.cache;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One watch's queue of events from the cache. The cache offers every change to every subscriber;
 * only changes of the watch's kind are queued, so an open watch costs nothing for the changes it
 * does not show, while it still learns how far the feed has gone ({@link #reached}), which its
 * bookmarks carry. A subscriber whose client reads too slowly to keep up is reset rather than held
 * up, and its client lists again, as a Kubernetes API server ends a watch that falls behind.
 */
final class Subscriber {
  private static final CacheEvent RESET = new CacheEvent(-1, null, null, null);

  private final BlockingQueue<CacheEvent> queue;
  private final String kind;
  private volatile boolean reset;
  private volatile long reached;

  /**
   * @param kind the kind whose changes are queued; null for every kind
   * @param capacity how many changes may wait for the client
   */
  Subscriber(String kind, int capacity) {
    this.kind = kind;
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
  }

  void offer(CacheEvent event) {
    if (reset) {
      return;
    }
    if ((kind == null || kind.equals(event.kind())) && !queue.offer(event)) {
      reset();
      return;
    }
    // After the queueing: whoever reads this position finds every change up to it queued.
    reached = Math.max(reached, event.position());
  }

  /**
   * The feed position of the last change offered, of any kind. When the queue is empty after this
   * was read, every change of the watch's kind up to it has been taken, so a bookmark may carry it.
   */
  long reached() {
    return reached;
  }

  boolean drained() {
    return queue.isEmpty();
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
