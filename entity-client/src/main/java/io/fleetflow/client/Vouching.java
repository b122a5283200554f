package io.fleetflow.client;

import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.Roles;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * How a process vouches for the actors it sends: every {@link Actor} argument of an Update gets a
 * voucher ({@link ActorSeal}) for the one workflow the Update goes to, valid for a short while,
 * with what the actor may do. The gateway vouches for its authenticated callers by their groups;
 * the hub also for its own system actors, with every permission.
 */
public final class Vouching {
  /** How long a voucher stays valid: long enough for a slow update, too short to be replayed. */
  public static final Duration VALIDITY = Duration.ofMinutes(2);

  private final ActorSeal seal;
  private final Function<Actor, Set<Permission>> permissions;
  private final Clock clock;

  Vouching(ActorSeal seal, Function<Actor, Set<Permission>> permissions, Clock clock) {
    this.seal = seal;
    this.permissions = permissions;
    this.clock = clock;
  }

  /** The gateway's vouching: a caller may do what its groups let it. */
  public static Vouching asGateway(ActorSeal seal) {
    return new Vouching(seal, actor -> Roles.permissions(actor.groups()), Clock.systemUTC());
  }

  /**
   * The hub's vouching: its own system actors may do everything, an actor it passes on (a user's
   * change carried by a workflow) what its groups let it.
   */
  public static Vouching asHub(ActorSeal seal) {
    return new Vouching(
        seal,
        actor ->
            actor.isSystem() ? EnumSet.allOf(Permission.class) : Roles.permissions(actor.groups()),
        Clock.systemUTC());
  }

  /** Returns the arguments with every actor among them vouched for the workflow {@code target}. */
  Object[] vouch(String target, Object[] arguments) {
    Object[] vouched = arguments.clone();
    long expiresAt = clock.millis() + VALIDITY.toMillis();
    for (int i = 0; i < vouched.length; i++) {
      if (vouched[i] instanceof Actor actor) {
        vouched[i] = seal.vouch(actor, permissions.apply(actor), target, expiresAt);
      }
    }
    return vouched;
  }
}
