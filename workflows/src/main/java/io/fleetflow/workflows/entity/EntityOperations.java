package io.fleetflow.workflows.entity;

/**
 * The names of the Query and Updates that every entity workflow implements, with these contracts:
 *
 * <ul>
 *   <li>{@code get()} (Query) returns the object as it is now, status included, or null before it
 *       was created.
 *   <li>{@code create(object, actor)} (Update) stores a new object; fails with {@link
 *       EntityFailures#ALREADY_EXISTS} when the object exists.
 *   <li>{@code apply(object, actor)} (Update) replaces the object's labels, annotations and spec;
 *       fails with {@link EntityFailures#CONFLICT} when {@code metadata.resourceVersion} is set and
 *       stale, and with {@link EntityFailures#NOT_FOUND} before the object was created.
 *   <li>{@code patch(patch, actor)} (Update) applies a {@link io.fleetflow.model.patch.Patch}
 *       (merge, JSON, apply) to the object as it is, atomically, as the replacement it amounts to:
 *       the same rules as {@code apply}, and {@link EntityFailures#CONFLICT} when the patch names a
 *       stale {@code metadata.resourceVersion}; {@link EntityFailures#INVALID} when it does not
 *       apply.
 *   <li>{@code delete(actor)} (Update) moves the object into deletion and returns it with {@code
 *       metadata.deletionTimestamp} set; the workflow completes once its cleanup is done.
 * </ul>
 *
 * Validators reject invalid objects with {@link EntityFailures#INVALID}, and changes the actor may
 * not make with {@link EntityFailures#FORBIDDEN} (judged on what the change does to the object as
 * it is, from a vouched actor: {@link EntityAuthority}), before anything is written to history.
 */
public final class EntityOperations {
  public static final String GET = "get";
  public static final String CREATE = "create";
  public static final String APPLY = "apply";
  public static final String PATCH = "patch";
  public static final String DELETE = "delete";

  /** The task queue of every hub workflow and hub activity. */
  public static final String HUB_TASK_QUEUE = "fleetflow-hub";

  private EntityOperations() {}
}
