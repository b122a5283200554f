package io.fleetflow.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.util.Optional;

/**
 * One object's entity workflow, by its key: its state, its changes and its own operations, each
 * call's failure translated into an {@link EntityException}. Cheap to make; holds no connection of
 * its own.
 *
 * @param <T> the Java type of the kind
 */
public final class EntityRef<T extends HasMetadata> {
  private final WorkflowClient client;
  private final Vouching vouching;
  private final ResourceKind<T> kind;
  private final String workflowId;
  private final String name;

  EntityRef(WorkflowClient client, Vouching vouching, ResourceKind<T> kind, String workflowId) {
    this.client = client;
    this.vouching = vouching;
    this.kind = kind;
    this.workflowId = workflowId;
    this.name = workflowId.substring(workflowId.lastIndexOf('/') + 1);
  }

  /** The workflow ID, {@code Kind/name} or {@code Kind/namespace/name}. */
  public String workflowId() {
    return workflowId;
  }

  /** The object's name. */
  public String name() {
    return name;
  }

  /** The object's kind. */
  public ResourceKind<T> kind() {
    return kind;
  }

  /**
   * Returns the object as it is now ({@link EntityOperations#GET}), or empty when it does not
   * exist: its workflow never ran, has ended, or runs but was not created yet.
   */
  public Optional<T> find() {
    try {
      return Optional.ofNullable(query(EntityOperations.GET, kind.type()));
    } catch (EntityException.NotFound e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the object as it is now.
   *
   * @throws EntityException.NotFound when it does not exist
   */
  public T get() {
    return find().orElseThrow(() -> notFound());
  }

  /**
   * Returns true while the object's workflow runs, that is from its first write until its cleanup
   * after deletion is done. Asks the server for the execution, not the workflow, so it also answers
   * for a workflow whose worker is busy or down.
   */
  public boolean exists() {
    try {
      return TemporalFailures.call(
          kind,
          name,
          () ->
              stub().describe().getStatus()
                  == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    } catch (EntityException.NotFound e) {
      return false;
    }
  }

  /**
   * Returns a memo the object's running workflow publishes, read from the execution's description,
   * which the server answers without the workflow's worker: a cheap read for what many clients look
   * at often. Empty while the run has not published the memo (a run from before it existed).
   *
   * @throws EntityException.NotFound when the object's workflow does not run
   */
  public <M> Optional<M> memo(String key, Class<M> type) {
    return TemporalFailures.call(
        kind,
        name,
        () -> {
          var description = stub().describe();
          if (description.getStatus()
              != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            throw notFound();
          }
          return Optional.ofNullable(description.getMemo(key, type, type));
        });
  }

  /**
   * Replaces the object's labels, annotations and spec ({@link EntityOperations#APPLY}); a {@code
   * metadata.resourceVersion} that is set must be the current one.
   */
  public T apply(T object, Actor actor) {
    return update(EntityOperations.APPLY, kind.type(), object, actor);
  }

  /**
   * Applies a patch to the object as the workflow holds it ({@link EntityOperations#PATCH}),
   * atomically: a patch that names a {@code metadata.resourceVersion} applies only to that version.
   */
  public T patch(Patch patch, Actor actor) {
    return update(EntityOperations.PATCH, kind.type(), patch, actor);
  }

  /** Starts the object's deletion and returns it with its deletion timestamp. */
  public T delete(Actor actor) {
    return update(EntityOperations.DELETE, kind.type(), actor);
  }

  /**
   * Sends one of the object's Updates by name, the contract's or the kind's own (a rollout's {@code
   * approve}), and waits for its result. Every actor among the arguments is vouched for this object
   * when the client vouches.
   */
  public <R> R update(String update, Class<R> result, Object... arguments) {
    Object[] sent = vouching == null ? arguments : vouching.vouch(workflowId, arguments);
    return TemporalFailures.callUpdate(kind, name, () -> stub().update(update, result, sent));
  }

  /**
   * Answers one of the object's Queries by name.
   *
   * @throws EntityException.NotFound when the workflow does not run
   */
  public <R> R query(String query, Class<R> type, Object... arguments) {
    return TemporalFailures.call(kind, name, () -> stub().query(query, type, arguments));
  }

  /**
   * Sends one of the object's Signals by name.
   *
   * @throws EntityException.NotFound when the workflow does not run
   */
  public void signal(String signal, Object... arguments) {
    TemporalFailures.call(
        kind,
        name,
        () -> {
          stub().signal(signal, arguments);
          return null;
        });
  }

  private WorkflowStub stub() {
    return client.newUntypedWorkflowStub(workflowId);
  }

  private EntityException.NotFound notFound() {
    return new EntityException.NotFound(
        kind, name, kind.kind() + " \"" + name + "\" not found", null);
  }
}
