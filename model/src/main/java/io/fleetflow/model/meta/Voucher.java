package io.fleetflow.model.meta;

import java.util.Set;

/**
 * What a caller may do for one object, vouched for by the gateway (or the hub, for its own actors)
 * with an HMAC that only they can make: the workflow of {@code target} checks the signature, the
 * target and the expiry before it believes {@code permissions} (see {@link
 * io.fleetflow.model.authz.ActorSeal}).
 *
 * @param permissions what the caller may do
 * @param target the workflow ID of the one object this voucher is for
 * @param expiresAt when it stops being valid, in epoch milliseconds
 * @param signature the HMAC-SHA256, Base64, of the actor and the rest of the voucher
 */
public record Voucher(
    Set<Permission> permissions, String target, long expiresAt, String signature) {}
