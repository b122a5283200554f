package io.fleetflow.activities.hub;

import java.util.List;

/**
 * How the hub treats joining clusters.
 *
 * @param joinRequestExpirySeconds how long a join request waits for a decision before it expires
 * @param leaseGraceMultiplier how many lease periods without renewal make a cluster Unknown
 * @param autoApproval the rules that accept a cluster on its first join without a person
 * @param autoRemovalAfterSeconds how long an accepted cluster's agent may stay away (no lease)
 *     before the hub releases and removes the cluster on its own, orphaning what is left on it; 0
 *     never removes
 */
public record RegistrationPolicy(
    long joinRequestExpirySeconds,
    int leaseGraceMultiplier,
    List<AutoApprovalRule> autoApproval,
    long autoRemovalAfterSeconds) {
  /** A day to decide, three leases of grace (OCM waits five), no auto-approval. */
  public static final RegistrationPolicy DEFAULTS =
      new RegistrationPolicy(24 * 60 * 60, 3, List.of(), 0);

  /** A policy without automatic removal. */
  public RegistrationPolicy(
      long joinRequestExpirySeconds,
      int leaseGraceMultiplier,
      List<AutoApprovalRule> autoApproval) {
    this(joinRequestExpirySeconds, leaseGraceMultiplier, autoApproval, 0);
  }

  public RegistrationPolicy {
    if (joinRequestExpirySeconds <= 0) {
      throw new IllegalArgumentException(
          "joinRequestExpirySeconds must be positive, got " + joinRequestExpirySeconds);
    }
    if (leaseGraceMultiplier < 1) {
      throw new IllegalArgumentException(
          "leaseGraceMultiplier must be at least 1, got " + leaseGraceMultiplier);
    }
    if (autoRemovalAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "autoRemovalAfterSeconds must not be negative, got " + autoRemovalAfterSeconds);
    }
    autoApproval = autoApproval == null ? List.of() : List.copyOf(autoApproval);
  }

  /** Returns the first rule that accepts a cluster with this identity and these claims. */
  public java.util.Optional<AutoApprovalRule> autoApprovalFor(
      String identity, java.util.Map<String, String> claims) {
    return autoApproval.stream().filter(r -> r.matches(identity, claims)).findFirst();
  }
}
