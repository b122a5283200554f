package io.fleetflow.activities.hub.feed;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.common.converter.DataConverter;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/** Reads the changes a signal in the feed's history carries, for everyone who follows the feed. */
public final class FeedSignals {
  private static final Type BATCH = new TypeReference<List<EntityChange>>() {}.getType();

  private FeedSignals() {}

  /**
   * The changes of one signal, in their order: a change's index in the list is its index in the
   * event ({@link io.fleetflow.model.feed.FeedPosition#index()}).
   *
   * @return a {@link ChangeFeed#PUBLISH_BATCH}'s batch, a {@link ChangeFeed#PUBLISH}'s one change
   *     (as hubs before batching sent it), and nothing for any other signal
   */
  public static List<EntityChange> changes(
      WorkflowExecutionSignaledEventAttributes signal, DataConverter converter) {
    Optional<Payloads> input = Optional.of(signal.getInput());
    if (signal.getSignalName().equals(ChangeFeed.PUBLISH_BATCH)) {
      @SuppressWarnings("unchecked")
      List<EntityChange> batch = converter.fromPayloads(0, input, List.class, BATCH);
      return batch;
    }
    if (signal.getSignalName().equals(ChangeFeed.PUBLISH)) {
      return List.of(converter.fromPayloads(0, input, EntityChange.class, EntityChange.class));
    }
    return List.of();
  }
}
