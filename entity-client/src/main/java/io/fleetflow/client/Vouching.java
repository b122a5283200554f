package io.fleetflow.client;

import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.RbacPolicy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Voucher;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * How a process vouches for the actors it sends: every {@link Actor} argument of an Update gets a
 * voucher ({@link ActorSeal}) for the one workflow the Update goes to, valid for a short while,
 * with the accesses the actor may have there. The gateway vouches for each request itself, with the
 * accesses RBAC allowed it ({@link #forRequest}); an actor it sends without one gets none. The hub
 * vouches for its own system actors with everything, and for a user's change it carries on (an
 * approved certificate request accepting its cluster) with every access RBAC allows the user on the
 * target ({@link AuthorizationPolicy#everyAccessOn}).
 */
public final class Vouching {
  /** How long a voucher stays valid: long enough for a slow update, too short to be replayed. */
  public static final Duration VALIDITY = Duration.ofMinutes(2);

  private final ActorSeal seal;
  private final BiFunction<Actor, String, Set<String>> grants;
  private final Clock clock;

  Vouching(ActorSeal seal, BiFunction<Actor, String, Set<String>> grants, Clock clock) {
    this.seal = seal;
    this.grants = grants;
    this.clock = clock;
  }

  /**
   * The gateway's vouching: an actor the gateway vouched for this target ({@link #forRequest}) goes
   * as it is; any other is vouched for nothing, so the workflow refuses it.
   */
  public static Vouching asGateway(ActorSeal seal) {
    return new Vouching(seal, (actor, target) -> Set.of(), Clock.systemUTC());
  }

  /**
   * The hub's vouching: its own system actors may do everything; an actor it carries on may do on
   * the target what the policy allows it.
   */
  public static Vouching asHub(ActorSeal seal, Supplier<RbacPolicy> policy) {
    return new Vouching(
        seal,
        (actor, target) ->
            actor.isSystem()
                ? Set.of(Voucher.ALL)
                : AuthorizationPolicy.grantsOn(target, actor.user(), actor.groups(), policy.get()),
        Clock.systemUTC());
  }

  /**
   * The gateway's voucher for one request: the actor may do {@code granted} (the accesses RBAC
   * allowed it) to the workflow {@code target}.
   */
  public Actor forRequest(Actor actor, String target, Set<String> granted) {
    return seal.vouch(actor, granted, target, clock.millis() + VALIDITY.toMillis());
  }

  /** Returns the arguments with every actor among them vouched for the workflow {@code target}. */
  Object[] vouch(String target, Object[] arguments) {
    Object[] vouched = arguments.clone();
    long expiresAt = clock.millis() + VALIDITY.toMillis();
    for (int i = 0; i < vouched.length; i++) {
      if (vouched[i] instanceof Actor actor) {
        boolean ready =
            actor.voucher() != null
                && target.equals(actor.voucher().target())
                && actor.voucher().expiresAt() > clock.millis();
        vouched[i] =
            ready ? actor : seal.vouch(actor, grants.apply(actor, target), target, expiresAt);
      }
    }
    return vouched;
  }
}
