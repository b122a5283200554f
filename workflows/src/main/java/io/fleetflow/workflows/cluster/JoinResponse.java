package io.fleetflow.workflows.cluster;

/**
 * The hub's answer to a join request.
 *
 * @param accepted whether the hub accepts the cluster now
 * @param leaseDurationSeconds how often the agent should renew its lease
 * @param message the state of the request in words
 */
public record JoinResponse(boolean accepted, int leaseDurationSeconds, String message) {}
