package io.fleetflow.model.meta;

import java.util.Set;

/**
 * What a caller may do to one object, vouched for by the gateway (or the hub, for its own actors)
 * with an HMAC that only they can make: the workflow of {@code target} checks the signature, the
 * target and the expiry before it believes {@code grants} (see {@link
 * io.fleetflow.model.authz.ActorSeal}).
 *
 * @param grants the accesses RBAC allowed the caller, by their {@link
 *     io.fleetflow.model.authz.Access#key() keys}; {@value #ALL} allows everything (the hub's own
 *     actors)
 * @param target the workflow ID of the one object this voucher is for
 * @param expiresAt when it stops being valid, in epoch milliseconds
 * @param signature the HMAC-SHA256, Base64, of the actor and the rest of the voucher
 */
public record Voucher(Set<String> grants, String target, long expiresAt, String signature) {
  /** The grant of everything, which only the hub gives, to its own actors. */
  public static final String ALL = "*";

  /** Returns true when the voucher grants the access with this key. */
  public boolean allows(String key) {
    return grants != null && (grants.contains(ALL) || grants.contains(key));
  }
}
