package io.fleetflow.workflows.entity;

import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeps one memo of a workflow equal to a value derived from its state, from a workflow thread of
 * its own: whenever the value differs from what was last upserted, it is upserted again. Memos are
 * read from the execution's description, which Temporal answers without the workflow's worker, so
 * what many clients read often belongs there rather than in a query.
 */
public final class MemoPublisher {
  private MemoPublisher() {}

  /**
   * Publishes the memo from now on; call once, as the workflow method starts. Each run publishes
   * its first value once (a memo upsert is one history event), then only changes. Does nothing in
   * an execution that started before {@code changeId} existed.
   *
   * @param changeId the {@link Workflow#getVersion} change that introduced the memo
   * @param key the memo's key
   * @param value the value now, or null while there is none
   */
  public static void follow(String changeId, String key, Supplier<?> value) {
    if (Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    Async.procedure(
        () -> {
          Object published = null;
          while (true) {
            Object last = published;
            Workflow.await(
                () -> {
                  Object now = value.get();
                  return now != null && !Objects.equals(now, last);
                });
            published = value.get();
            Workflow.upsertMemo(Map.of(key, published));
          }
        });
  }
}
