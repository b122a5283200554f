package io.fleetflow.activities.hub;

import java.util.List;

/**
 * How the hub treats joining clusters.
 *
 * @param joinRequestExpirySeconds how long a join request waits for a decision before it expires
 * @param leaseGraceMultiplier how many lease periods without renewal make a cluster Unknown
 * @param autoApproval the rules that accept a cluster on its first join without a person
 */
public record RegistrationPolicy(
    long joinRequestExpirySeconds, int leaseGraceMultiplier, List<AutoApprovalRule> autoApproval) {
  /** A day to decide, three leases of grace (OCM waits five), no auto-approval. */
  public static final RegistrationPolicy DEFAULTS =
      new RegistrationPolicy(24 * 60 * 60, 3, List.of());

  public RegistrationPolicy {
    if (joinRequestExpirySeconds <= 0) {
      throw new IllegalArgumentException(
          "joinRequestExpirySeconds must be positive, got " + joinRequestExpirySeconds);
    }
    if (leaseGraceMultiplier < 1) {
      throw new IllegalArgumentException(
          "leaseGraceMultiplier must be at least 1, got " + leaseGraceMultiplier);
    }
    autoApproval = autoApproval == null ? List.of() : List.copyOf(autoApproval);
  }

  /** Returns the first rule that accepts a cluster with this identity and these claims. */
  public java.util.Optional<AutoApprovalRule> autoApprovalFor(
      String identity, java.util.Map<String, String> claims) {
    return autoApproval.stream().filter(r -> r.matches(identity, claims)).findFirst();
  }
}
