package io.fleetflow.activities.hub.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts the changes of one round into the batches that travel to the feed, one signal each, in their
 * order: a batch holds at most {@code maxChanges} changes and {@code maxBytes} bytes, and a change
 * larger than that travels alone.
 */
public final class FeedBatches {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeedBatches() {}

  /**
   * @param changes the round's changes, in the order they came
   * @param size a change's size in bytes as it travels
   * @return the batches, in order; together they hold every change once
   */
  public static List<List<EntityChange>> split(
      List<EntityChange> changes, int maxChanges, int maxBytes, ToIntFunction<EntityChange> size) {
    if (maxChanges < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("a batch must hold at least one change");
    }
    List<List<EntityChange>> batches = new ArrayList<>();
    List<EntityChange> batch = new ArrayList<>();
    long bytes = 0;
    for (EntityChange change : changes) {
      int changeBytes = size.applyAsInt(change);
      if (!batch.isEmpty() && (batch.size() == maxChanges || bytes + changeBytes > maxBytes)) {
        batches.add(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(change);
      bytes += changeBytes;
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  /** A change's size in bytes as it travels; one too odd to measure counts as a whole batch. */
  public static int size(EntityChange change) {
    try {
      return JSON.writeValueAsBytes(change).length;
    } catch (JsonProcessingException e) {
      return ChangeFeed.MAX_BATCH_BYTES;
    }
  }
}
