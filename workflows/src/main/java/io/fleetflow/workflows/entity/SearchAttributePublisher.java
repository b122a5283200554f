package io.fleetflow.workflows.entity;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upserts search attributes only when their values change, because every upsert is an event in the
 * workflow's history. Lives in the workflow instance, so a new run re-publishes once.
 *
 * <p>Every value is first bounded by {@link SearchAttributeLimits}, so no input (a cluster's
 * labels, a long name) can make Temporal refuse the upsert and fail the workflow task. Since every
 * value stays within {@link SearchAttributeLimits#MAX_VALUE_BYTES}, the attributes of {@link
 * FleetflowSearchAttributes#ALL} together stay within {@link
 * SearchAttributeLimits#MAX_TOTAL_BYTES}.
 */
public final class SearchAttributePublisher {
  private final Map<String, Object> published = new HashMap<>();
  private final List<SearchAttributeUpdate<?>> pending = new ArrayList<>();

  /** Stages a value, bounded to Temporal's limits; null unsets the attribute. */
  public <T> SearchAttributePublisher set(SearchAttributeKey<T> key, T value) {
    T bounded = SearchAttributeLimits.bound(key, value);
    if (published.containsKey(key.getName())
        && Objects.equals(published.get(key.getName()), bounded)) {
      return this;
    }
    published.put(key.getName(), bounded);
    pending.add(bounded == null ? key.valueUnset() : key.valueSet(bounded));
    return this;
  }

  /** Upserts every staged change in one event, if there is any. */
  public void publish() {
    if (!pending.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(pending.toArray(new SearchAttributeUpdate<?>[0]));
      pending.clear();
    }
  }
}
