package io.fleetflow.activities.hub.feed;

import io.fleetflow.model.feed.EntityChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * Group commit of changes to the change feed. A change submitted while no batch is on its way
 * leaves at once, alone; changes submitted while one is on its way wait for it and leave together
 * as the next batch, in the order they came. So the feed takes one signal per round trip however
 * many entities change at once, and a lone change waits no longer than it did unbatched; one
 * entity's changes keep their order, since an entity submits its next change only after its last
 * one is in.
 *
 * <p>A batch holds at most {@code maxChanges} changes and {@code maxBytes} bytes (a change larger
 * than that leaves alone). A failed send fails every change of that batch, and no other: each
 * submitter then retries its own, so publishing stays at least once. One virtual thread sends, and
 * parks while there is nothing to send.
 */
public final class ChangeBatcher {
  /** Sends one batch to the feed. */
  @FunctionalInterface
  public interface Sender {
    /**
     * Returns once the feed holds the batch, in its order.
     *
     * @throws RuntimeException when it may not hold it
     */
    void send(List<EntityChange> batch);
  }

  private record Pending(EntityChange change, int bytes, CompletableFuture<Void> sent) {}

  private final Sender sender;
  private final int maxChanges;
  private final int maxBytes;
  private final ToIntFunction<EntityChange> size;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waiting = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private Thread thread;

  /**
   * @param sender sends one batch
   * @param maxChanges the most changes a batch holds
   * @param maxBytes the most bytes a batch holds, by {@code size}
   * @param size a change's size in bytes as it travels
   */
  public ChangeBatcher(
      Sender sender, int maxChanges, int maxBytes, ToIntFunction<EntityChange> size) {
    if (maxChanges < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("a batch must hold at least one change");
    }
    this.sender = sender;
    this.maxChanges = maxChanges;
    this.maxBytes = maxBytes;
    this.size = size;
  }

  /**
   * Queues a change for the next batch.
   *
   * @return completes when the feed holds the change, or exceptionally with the send's failure
   */
  public CompletableFuture<Void> submit(EntityChange change) {
    Pending pending = new Pending(change, size.applyAsInt(change), new CompletableFuture<>());
    lock.lock();
    try {
      queue.add(pending);
      if (thread == null) {
        thread = Thread.ofVirtual().name("change-feed-batches").start(this::sendForever);
      }
      waiting.signal();
    } finally {
      lock.unlock();
    }
    return pending.sent();
  }

  private void sendForever() {
    while (true) {
      List<Pending> batch;
      try {
        batch = next();
      } catch (InterruptedException e) {
        return;
      }
      List<EntityChange> changes = new ArrayList<>(batch.size());
      batch.forEach(p -> changes.add(p.change()));
      try {
        sender.send(changes);
        batch.forEach(p -> p.sent().complete(null));
      } catch (RuntimeException e) {
        batch.forEach(p -> p.sent().completeExceptionally(e));
      }
    }
  }

  /** Waits for a change and takes as many as the next batch holds, in their order. */
  private List<Pending> next() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        waiting.await();
      }
      List<Pending> batch = new ArrayList<>();
      long bytes = 0;
      while (!queue.isEmpty() && batch.size() < maxChanges) {
        Pending head = queue.peek();
        if (!batch.isEmpty() && bytes + head.bytes() > maxBytes) {
          break;
        }
        batch.add(queue.poll());
        bytes += head.bytes();
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }
}
