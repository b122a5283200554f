package io.fleetflow.model.authz;

import java.util.List;

/**
 * One thing a request does and what it needs: any one of {@code anyOf}. Most requirements have one
 * access; a request that changes nothing may be sent by anyone who may change the object in any way
 * (its plain update or one of its decisions), so that an unchanged {@code kubectl apply} or a
 * repeated {@code clusteradm accept} is not refused.
 *
 * @param anyOf the accesses of which the caller must be allowed at least one
 * @param what what the request does, in words: {@code accept or deny managedclusters}
 */
public record Requirement(List<Access> anyOf, String what) {
  public Requirement {
    if (anyOf == null || anyOf.isEmpty()) {
      throw new IllegalArgumentException("a requirement needs at least one access");
    }
    anyOf = List.copyOf(anyOf);
  }

  /** A requirement of one access. */
  public static Requirement of(Access access, String what) {
    return new Requirement(List.of(access), what);
  }

  /** The first access, which a refusal names. */
  public Access access() {
    return anyOf.get(0);
  }
}
