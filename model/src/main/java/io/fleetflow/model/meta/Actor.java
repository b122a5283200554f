package io.fleetflow.model.meta;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Who asked for a change, and why. It travels with every change into the workflow history, which is
 * Fleetflow's audit log.
 *
 * <p>A workflow believes what an actor says it may do only when someone it trusts vouched for it:
 * the gateway for an authenticated caller, the hub for its own system actors ({@link Voucher},
 * checked by {@link io.fleetflow.model.authz.ActorSeal}). An actor without a voucher, as any
 * Temporal client could write one, is refused.
 *
 * @param user the authenticated user name (or {@code system:...} for Fleetflow itself)
 * @param groups the user's groups
 * @param reason the free-text reason the user gave, or null
 * @param voucher what the caller may do for one object, signed, or null when nobody vouched
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(String user, List<String> groups, String reason, Voucher voucher) {
  /**
   * The HTTP header with which a caller of the gateway gives the reason for a change; the gateway
   * reads it and the CLI sends it.
   */
  public static final String REASON_HEADER = "X-Fleetflow-Reason";

  /** An actor nobody vouched for yet, as the gateway reads it from a request. */
  public Actor(String user, List<String> groups, String reason) {
    this(user, groups, reason, null);
  }

  /** An actor for changes that Fleetflow makes on its own behalf. */
  public static Actor system(String component, String reason) {
    return new Actor("system:fleetflow:" + component, List.of(), reason);
  }

  /** Returns true for Fleetflow's own actors, which only the hub vouches for. */
  @JsonIgnore
  public boolean isSystem() {
    return user != null && user.startsWith("system:fleetflow:");
  }

  /** The same actor with a voucher. */
  public Actor vouched(Voucher voucher) {
    return new Actor(user, groups, reason, voucher);
  }
}
