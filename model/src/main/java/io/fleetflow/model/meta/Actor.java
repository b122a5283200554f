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
  /** An actor for changes that Fleetflow makes on its own behalf. */
  public static Actor system(String component, String reason) {
    return new Actor("system:fleetflow:" + component, List.of(), reason);
  }
}
