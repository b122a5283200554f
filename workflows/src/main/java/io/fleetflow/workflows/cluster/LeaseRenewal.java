package io.fleetflow.workflows.cluster;

/**
 * One renewal of an agent's lease.
 *
 * @param identity the renewing agent's identity, so a stale agent cannot renew another's lease
 * @param apiServerHealthy whether the agent's probe of its API server has been succeeding
 * @param message the probe's last failure, or null
 * @param agentTimeMillis the agent's clock when it sent the renewal, for the clock-skew check; null
 *     from agents that do not report it
 */
public record LeaseRenewal(
    String identity, boolean apiServerHealthy, String message, Long agentTimeMillis) {
  /** A renewal without the agent's clock. */
  public LeaseRenewal(String identity, boolean apiServerHealthy, String message) {
    this(identity, apiServerHealthy, message, null);
  }
}
