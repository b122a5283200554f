package io.fleetflow.workflows.cluster;

/**
 * One renewal of an agent's lease.
 *
 * @param identity the renewing agent's identity, so a stale agent cannot renew another's lease
 * @param apiServerHealthy whether the agent's probe of its API server has been succeeding
 * @param message the probe's last failure, or null
 */
public record LeaseRenewal(String identity, boolean apiServerHealthy, String message) {}
