package io.fleetflow.activities.hub;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule that accepts joining clusters without a person: by the agent's identity, by claim values,
 * or both. Every condition the rule names must hold; {@code *} in a value matches any run of
 * characters. A rule with no condition at all matches nothing, so an empty rule cannot accept the
 * whole world by accident.
 *
 * @param name the rule's name, recorded with every cluster it accepts
 * @param identities agent identities ({@code sha256:...}), any of which matches; empty for any
 * @param claims claim names and the values they must have
 */
public record AutoApprovalRule(String name, List<String> identities, Map<String, String> claims) {
  public AutoApprovalRule {
    identities = identities == null ? List.of() : List.copyOf(identities);
    claims = claims == null ? Map.of() : Map.copyOf(claims);
  }

  /** Returns true when a cluster with this identity and these claims satisfies the rule. */
  public boolean matches(String identity, Map<String, String> clusterClaims) {
    if (identities.isEmpty() && claims.isEmpty()) {
      return false;
    }
    boolean identityMatches =
        identities.isEmpty() || identities.stream().anyMatch(p -> glob(p, identity));
    boolean claimsMatch =
        claims.entrySet().stream()
            .allMatch(
                e ->
                    clusterClaims != null
                        && clusterClaims.containsKey(e.getKey())
                        && glob(e.getValue(), clusterClaims.get(e.getKey())));
    return identityMatches && claimsMatch;
  }

  private static boolean glob(String pattern, String value) {
    if (value == null) {
      return false;
    }
    String regex =
        String.join(
            ".*", java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList());
    return value.matches(regex);
  }
}
