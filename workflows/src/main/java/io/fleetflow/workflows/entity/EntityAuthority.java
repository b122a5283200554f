package io.fleetflow.workflows.entity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.authz.Requirement;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Predicate;

/**
 * Judges, in an entity's update validators, whether the actor may make the change it asks for,
 * against the state the change applies to, by the one {@link AuthorizationPolicy}. The hub installs
 * the key it shares with the gateway ({@link #install}); from then on an actor counts only with a
 * voucher made with that key, for this workflow, not expired, and may do the accesses the voucher
 * grants (the gateway judged them by the hub's RBAC objects), so groups that a Temporal client
 * wrote into an update count for nothing.
 *
 * <p>Validators do not run on replay, which is why the check belongs there: it reads the installed
 * key and the clock, which a handler could not. Without a key (a hub started without {@code
 * fleetflow.actor-key-file}, or a workflow test), the actor is believed as sent: Fleetflow's own
 * actors may do everything, others what the default ClusterRoles ({@link DefaultPolicy}) give their
 * groups.
 */
public final class EntityAuthority {
  private static volatile ActorSeal seal;

  private EntityAuthority() {}

  /**
   * Makes every entity workflow of this process check vouchers with this key; null stops checking.
   * The hub calls it once at startup; tests install a test key and remove it afterwards.
   */
  public static void install(ActorSeal key) {
    seal = key;
  }

  /**
   * Refuses the update unless the actor may meet every requirement.
   *
   * @throws io.temporal.failure.ApplicationFailure of type Forbidden, with a message in Kubernetes'
   *     words that says who cannot do what and which role grants it, or why the actor is not
   *     believed
   */
  public static void require(Actor actor, List<Requirement> needed) {
    Predicate<Access> allowed = believed(actor);
    AuthorizationPolicy.missing(allowed, needed)
        .ifPresent(
            missing -> {
              throw EntityFailures.of(
                  EntityFailures.FORBIDDEN,
                  AuthorizationPolicy.refusal(actor == null ? "" : actor.user(), missing));
            });
  }

  /**
   * Refuses a control (an update served as a POST subresource, such as a rollout's {@code approve})
   * unless the actor may call it on {@code object}.
   *
   * @throws IllegalArgumentException when the kind declares no such control
   */
  public static void requireControl(
      ResourceKind<? extends HasMetadata> kind, String control, Actor actor, HasMetadata object) {
    requireCall(
        kind,
        kind.subresource(control, Subresource.Verb.POST)
            .orElseThrow(() -> new IllegalArgumentException("no control " + control)),
        actor,
        object);
  }

  /** Refuses a subresource call unless the actor may make it on {@code object}. */
  public static void requireCall(
      ResourceKind<? extends HasMetadata> kind,
      Subresource subresource,
      Actor actor,
      HasMetadata object) {
    require(
        actor,
        AuthorizationPolicy.toCall(
            kind,
            subresource,
            object.getMetadata().getNamespace(),
            object.getMetadata().getName()));
  }

  /** Refuses the deletion of {@code object} unless the actor may delete it. */
  public static void requireDelete(
      ResourceKind<? extends HasMetadata> kind, Actor actor, HasMetadata object) {
    require(
        actor,
        AuthorizationPolicy.toDelete(
            kind, object.getMetadata().getNamespace(), object.getMetadata().getName()));
  }

  /** What the actor may be believed to be allowed to do for this workflow. */
  private static Predicate<Access> believed(Actor actor) {
    ActorSeal key = seal;
    if (key == null) {
      if (actor == null) {
        return access -> false;
      }
      return actor.isSystem()
          ? access -> true
          : access -> DefaultPolicy.policy().allows(actor.user(), actor.groups(), access);
    }
    key.refusal(actor, Workflow.getInfo().getWorkflowId(), Workflow.currentTimeMillis())
        .ifPresent(
            why -> {
              throw EntityFailures.of(EntityFailures.FORBIDDEN, why);
            });
    return access -> actor.voucher().allows(access.key());
  }
}
