package io.fleetflow.model.cluster;

import io.fleetflow.model.cluster.ManagedClusterStatus.ClusterClaim;
import io.fleetflow.model.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OCM's rules for the claims a cluster reports: the reserved claims ({@code id.k8s.io} and the
 * {@code *.open-cluster-management.io} names) always come first, then at most {@value
 * #MAX_CUSTOM_CLAIMS} custom claims sorted by name; the rest are left out. A value may be at most
 * {@value #MAX_VALUE_LENGTH} characters.
 */
public final class ClusterClaims {
  public static final int MAX_CUSTOM_CLAIMS = 20;
  public static final int MAX_VALUE_LENGTH = 1024;
  public static final String ID = "id.k8s.io";
  private static final String RESERVED_SUFFIX = ".open-cluster-management.io";

  private ClusterClaims() {}

  /** Returns true for a claim name OCM reserves. */
  public static boolean isReserved(String name) {
    return ID.equals(name) || name.endsWith(RESERVED_SUFFIX);
  }

  /** Returns the claims as the status shows them: reserved first, then the first custom ones. */
  public static List<ClusterClaim> ordered(Map<String, String> claims) {
    Map<String, String> sorted = new TreeMap<>(claims);
    List<ClusterClaim> reserved = new ArrayList<>();
    List<ClusterClaim> custom = new ArrayList<>();
    sorted.forEach(
        (name, value) -> (isReserved(name) ? reserved : custom).add(new ClusterClaim(name, value)));
    reserved.addAll(custom.subList(0, Math.min(MAX_CUSTOM_CLAIMS, custom.size())));
    return reserved;
  }

  /** Returns every problem with the claims of a join request. */
  public static List<FieldError> check(Map<String, String> claims) {
    List<FieldError> errors = new ArrayList<>();
    if (claims == null) {
      return errors;
    }
    claims.forEach(
        (name, value) -> {
          String field = "status.clusterClaims[" + name + "]";
          if (name == null || !name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            errors.add(
                FieldError.invalid(
                    field, "a claim name must be a DNS subdomain, such as region.example.com"));
          }
          if (value == null || value.length() > MAX_VALUE_LENGTH) {
            errors.add(
                FieldError.tooLong(
                    field,
                    "a claim value must be set and at most "
                        + MAX_VALUE_LENGTH
                        + " characters, got "
                        + (value == null ? "none" : value.length())));
          }
        });
    return errors;
  }
}
