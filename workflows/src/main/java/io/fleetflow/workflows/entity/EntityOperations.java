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
 *   <li>{@code delete(actor)} (Update) moves the object into deletion and returns it with {@code
 *       metadata.deletionTimestamp} set; the workflow completes once its cleanup is done.
 * </ul>
 *
 * Validators of {@code create} and {@code apply} reject invalid objects with {@link
 * EntityFailures#INVALID} before anything is written to history.
 */
public final class EntityOperations {
  public static final String GET = "get";
  public static final String CREATE = "create";
  public static final String APPLY = "apply";
  public static final String DELETE = "delete";

  /** The task queue of every hub workflow and hub activity. */
  public static final String HUB_TASK_QUEUE = "fleetflow-hub";

  private EntityOperations() {}
}
