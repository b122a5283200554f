package io.fleetflow.activities.agent;

/**
 * How the agent writes objects. Real API servers take server-side apply; the simulator (fabric8's
 * mock server) answers neither server-side apply nor strategic merge patch, so against it the agent
 * creates or replaces objects instead, which gives the same result for objects only it writes.
 */
public enum ApplyMode {
  /** Server-side apply where the work asks for it; real clusters. */
  SERVER_SIDE_APPLY,
  /** Create or replace; simulated clusters. */
  REPLACE
}
