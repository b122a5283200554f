package io.fleetflow.model.meta;

import java.util.List;

/**
 * Who asked for a change, and why. It travels with every change into the workflow history, which is
 * Fleetflow's audit log.
 *
 * @param user the authenticated user name (or {@code system:...} for Fleetflow itself)
 * @param groups the user's groups
 * @param reason the free-text reason the user gave, or null
 */
public record Actor(String user, List<String> groups, String reason) {
  /**
   * The HTTP header with which a caller of the gateway gives the reason for a change; the gateway
   * reads it and the CLI sends it.
   */
  public static final String REASON_HEADER = "X-Fleetflow-Reason";

  /** An actor for changes that Fleetflow makes on its own behalf. */
  public static Actor system(String component, String reason) {
    return new Actor("system:fleetflow:" + component, List.of(), reason);
  }
}
