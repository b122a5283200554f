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
 */
public final class SearchAttributePublisher {
  private final Map<String, Object> published = new HashMap<>();
  private final List<SearchAttributeUpdate<?>> pending = new ArrayList<>();

  /** Stages a value; null unsets the attribute. */
  public <T> SearchAttributePublisher set(SearchAttributeKey<T> key, T value) {
    if (published.containsKey(key.getName())
        && Objects.equals(published.get(key.getName()), value)) {
      return this;
    }
    published.put(key.getName(), value);
    pending.add(value == null ? key.valueUnset() : key.valueSet(value));
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
