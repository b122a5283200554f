package io.fleetflow.gateway.auth;

import java.util.List;

/**
 * An authenticated caller.
 *
 * @param user the user name
 * @param groups the user's groups, which decide what the user may do
 */
public record Principal(String user, List<String> groups) {
  /** Members of this group may change objects and decide on clusters. */
  public static final String ADMINS = "fleetflow:admins";

  /** Members of this group may only read. */
  public static final String VIEWERS = "fleetflow:viewers";

  /** Returns true when the caller may create, change and delete objects. */
  public boolean mayWrite() {
    return groups.contains(ADMINS);
  }
}
