package io.fleetflow.workflows.entity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.patch.Patch;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The entity contract for kinds whose status is derived from other objects (cluster sets from
 * clusters, bindings from sets): create, apply, delete and get as every entity has them, plus a
 * {@link #reconcile} that recomputes the status when the object changes and every {@link #RESYNC}.
 *
 * @param <T> the kind
 */
public abstract class ReconciledEntityWorkflow<T extends HasMetadata> {
  /** How often the status is recomputed from the objects it depends on. */
  public static final Duration RESYNC = Duration.ofSeconds(20);

  /**
   * How often a kind that hears of its dependencies' changes by notice re-checks them anyway: a
   * safety net for a notice that was lost, not the way changes arrive.
   */
  public static final Duration SAFETY_RESYNC = Duration.ofMinutes(5);

  private static final Duration CREATION_WAIT = Duration.ofMinutes(1);
  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private final ChangePublisher changes = new ChangePublisher();
  private final ResourceKind<T> kind;
  private final Consumer<T> initStatus;
  private boolean dirty;
  private EntityRecord<T> record;

  /**
   * @param kind the kind this workflow serves
   * @param initStatus gives a new object its empty status
   */
  protected ReconciledEntityWorkflow(ResourceKind<T> kind, Consumer<T> initStatus) {
    this.kind = kind;
    this.initStatus = initStatus;
  }

  /** The kind this workflow serves. */
  protected final ResourceKind<T> kind() {
    return kind;
  }

  /** The object, or null before it was created; where it lives is the kind's carried state. */
  protected abstract T object();

  /** Stores the object in the kind's carried state. */
  protected abstract void object(T object);

  /** Recomputes the status from what the object depends on. */
  protected abstract void reconcile(Instant now);

  /**
   * Runs after each reconcile and publish; kinds that others depend on tell them here. Any command
   * an override adds must be guarded with {@code Workflow.getVersion}.
   */
  protected void afterReconcile() {}

  /**
   * Publishes every change of the object to the change feed from now on (see {@link
   * ChangePublisher#follow}); for a kind that runs its own loop instead of {@link #runLife} (a
   * Placement), once its object exists.
   */
  protected final void followChanges() {
    changes.follow(kind(), this::object);
  }

  /**
   * Publishes the object to the change feed if it changed since the last publish, in an execution
   * that started before {@link #followChanges}; for a kind that runs its own loop.
   */
  protected final void publishChange() {
    changes.changed(kind(), object());
  }

  /** Publishes that the object is gone; for a kind that runs its own loop, as its last step. */
  protected final void publishDeletion() {
    changes.deleted(kind(), object());
  }

  /** The {@code getVersion} change that publishes a change before reconciling it. */
  static final String PUBLISH_FIRST = "publish-before-reconcile";

  /** Runs the object's life; call from the workflow method, passing the state to carry over. */
  protected void runLife(Object carried) {
    if (!Waits.until(CREATION_WAIT, "wait for the create", () -> object() != null)) {
      return;
    }
    followChanges();
    while (true) {
      if (Workflow.getVersion(PUBLISH_FIRST, Workflow.DEFAULT_VERSION, 1) >= 1) {
        // A write a client made is in the feed before the reconcile's activities run, so every
        // gateway's watches see it as soon as its writer does.
        changes.changed(kind(), object());
      }
      reconcile(EntityClock.now());
      publish();
      afterReconcile();
      changes.changed(kind(), object());
      if (object().getMetadata().getDeletionTimestamp() != null) {
        changes.deleted(kind(), object());
        return;
      }
      Wake wake = nextWake();
      Waits.until(wake.after(), wake.summary(), () -> dirty);
      dirty = false;
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(carried);
      }
    }
  }

  public T get() {
    return object();
  }

  /**
   * When to reconcile again if nothing changes, and what the timer says it waits for. Kinds whose
   * status moves with time (a rollout's soak or deadline) wake earlier than {@link #RESYNC}.
   */
  protected Wake nextWake() {
    return defaultWake();
  }

  /**
   * The wake of a kind that learned to wake less often with the change {@code changeId}: {@code
   * after} in executions that passed it (version 1), every {@link #RESYNC} in those from before.
   */
  protected final Wake quieterSince(String changeId, Duration after, String summary) {
    if (Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return defaultWake();
    }
    return new Wake(after, summary);
  }

  private Wake defaultWake() {
    return new Wake(RESYNC, "re-check " + kind().kind() + " " + object().getMetadata().getName());
  }

  /**
   * A wake-up of the reconcile loop.
   *
   * @param after how long from now
   * @param summary what the timer waits for, as the Temporal UI shows it
   */
  public record Wake(Duration after, String summary) {}

  /** The phase published as {@code FleetflowPhase}. */
  protected String phase() {
    return object().getMetadata().getDeletionTimestamp() != null ? "Deleting" : "Active";
  }

  /** Stages search attributes of the kind's own, published with the phase. */
  protected void searchAttributes(SearchAttributePublisher publisher) {}

  /** Wakes the reconcile loop, for signals and updates of the kind's own. */
  protected void changed() {
    dirty = true;
  }

  /** The object's side of the entity contract, built from this kind's accessors. */
  private EntityRecord<T> record() {
    if (record == null) {
      record = new EntityRecord<>(kind, this::object, this::object, initStatus);
    }
    return record;
  }

  public void validateCreate(T proposed, Actor actor) {
    record().validateCreate(proposed, actor);
  }

  public T create(T proposed, Actor actor) {
    record().create(proposed);
    dirty = true;
    return proposed;
  }

  public void validateApply(T proposed, Actor actor) {
    record().validateApply(proposed, actor);
  }

  public T apply(T proposed, Actor actor) {
    record().apply(proposed);
    dirty = true;
    return object();
  }

  /** Judges a patch as the replacement it amounts to, by this kind's {@link #validateApply}. */
  public void validatePatch(Patch patch, Actor actor) {
    validateApply(record().proposedBy(patch), actor);
  }

  /** Applies a patch to the object as it is, through this kind's {@link #apply}. */
  public T patch(Patch patch, Actor actor) {
    return apply(record().proposedBy(patch), actor);
  }

  public void validateDelete(Actor actor) {
    record().validateDelete(actor);
  }

  public T delete(Actor actor) {
    record().delete();
    dirty = true;
    return object();
  }

  /** Sets a condition on the object's status, moving its resourceVersion when it changed. */
  protected void setCondition(
      java.util.List<io.fabric8.kubernetes.api.model.Condition> conditions,
      String type,
      String status,
      String reason,
      String message) {
    if (io.fleetflow.model.meta.Conditions.set(
        conditions, type, status, reason, message, EntityClock.now(), null)) {
      ObjectChanges.bump(object());
    }
  }

  private void publish() {
    searchAttributes.set(FleetflowSearchAttributes.PHASE, phase());
    searchAttributes(searchAttributes);
    searchAttributes.publish();
  }
}
