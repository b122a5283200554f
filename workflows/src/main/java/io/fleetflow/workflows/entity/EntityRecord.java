package io.fleetflow.workflows.entity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.patch.PatchException;
import io.fleetflow.model.validation.FieldError;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One object's side of the entity contract inside its workflow, written once for every kind: the
 * checks of {@code create}, {@code apply}, {@code patch} and {@code delete} (validity, conflicts,
 * existence, and who may make the change, by {@link EntityAuthority}) and their effects on the
 * object (stamping, changes, deletion). A workflow holds one, built with what its kind differs in:
 * the kind, where the object lives in the workflow's state, and how a new object's status starts.
 *
 * <p>Validators run before anything is written to history and not on replay; handlers only change
 * state, deterministically. A patch is applied in the validator and again in the handler ({@link
 * #proposedBy}), each time to the object as it is then, which within one update is the same object,
 * so the change is atomic: nothing written in between can be lost.
 *
 * @param <T> the kind
 */
public final class EntityRecord<T extends HasMetadata> {
  private final ResourceKind<T> kind;
  private final Supplier<T> current;
  private final Consumer<T> store;
  private final Consumer<T> initStatus;

  /**
   * @param kind the kind
   * @param current reads the object from the workflow's state (null before it is created)
   * @param store puts a new object into the workflow's state
   * @param initStatus gives a new object its empty status
   */
  public EntityRecord(
      ResourceKind<T> kind, Supplier<T> current, Consumer<T> store, Consumer<T> initStatus) {
    this.kind = kind;
    this.current = current;
    this.store = store;
    this.initStatus = initStatus;
  }

  /** The kind. */
  public ResourceKind<T> kind() {
    return kind;
  }

  /** The object, or null before it was created. */
  public T get() {
    return current.get();
  }

  /** Refuses an invalid or existing object, or a caller who may not create it. */
  public void validateCreate(T proposed, Actor actor) {
    ObjectChanges.checkCreate(kind, current.get(), proposed);
    EntityAuthority.require(actor, AuthorizationPolicy.toCreate(kind, proposed));
  }

  /** Stores a new object, stamped as the server stamps it, and returns it. */
  public T create(T proposed) {
    ObjectChanges.stampNew(proposed, EntityClock.now(), Workflow.randomUUID().toString());
    initStatus.accept(proposed);
    store.accept(proposed);
    return proposed;
  }

  /**
   * Refuses a replacement that is invalid, names a stale resourceVersion, comes before the create,
   * makes a change the caller may not make, or would grow a history that cannot continue as new
   * past what Temporal allows ({@link HistoryBound}).
   */
  public void validateApply(T proposed, Actor actor) {
    ObjectChanges.checkReplace(kind, current.get(), proposed);
    EntityAuthority.require(actor, AuthorizationPolicy.toReplace(kind, current.get(), proposed));
    HistoryBound.refusal(Workflow.getInfo().getHistorySize())
        .ifPresent(
            why -> {
              throw EntityFailures.of(
                  EntityFailures.CONFLICT,
                  kind.kind() + " \"" + current.get().getMetadata().getName() + "\" " + why);
            });
  }

  /**
   * Copies labels, annotations and spec from {@code proposed}; of a built-in kind without a
   * changeable spec (a CertificateSigningRequest, whose validator refuses a spec change), labels
   * and annotations only.
   *
   * @return true when the spec changed, which moved the generation
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public boolean apply(T proposed) {
    if (current.get() instanceof CustomResource resource) {
      return ObjectChanges.applyChange(resource, (CustomResource) proposed);
    }
    ObjectChanges.applyMetadataChange(current.get(), proposed);
    return false;
  }

  /**
   * The replacement a patch amounts to: the patch applied to the object as it is. A workflow judges
   * and applies a patch as this replacement ({@link #validateApply}, {@link #apply}), so a patch
   * meets the same rules, and a patch that names a stale resourceVersion is a conflict.
   *
   * @throws io.temporal.failure.ApplicationFailure NotFound before the create, Invalid when the
   *     patch does not apply to the object
   */
  public T proposedBy(Patch patch) {
    if (current.get() == null) {
      throw notFound();
    }
    try {
      return patch.applyTo(current.get(), kind.type());
    } catch (PatchException e) {
      throw EntityFailures.invalid(
          kind.kind(),
          current.get().getMetadata().getName(),
          List.of(new FieldError("patch", "FieldValueInvalid", e.getMessage())));
    }
  }

  /** Refuses the deletion of an object that was never created, or by a caller who may not. */
  public void validateDelete(Actor actor) {
    if (current.get() == null) {
      throw notFound();
    }
    EntityAuthority.requireDelete(kind, actor, current.get());
  }

  /** Marks the object as being deleted (once) and returns it. */
  public T delete() {
    if (current.get() == null) {
      throw notFound();
    }
    ObjectChanges.markDeleting(current.get(), EntityClock.now());
    return current.get();
  }

  private RuntimeException notFound() {
    return EntityFailures.of(EntityFailures.NOT_FOUND, kind.plural() + " not found");
  }
}
