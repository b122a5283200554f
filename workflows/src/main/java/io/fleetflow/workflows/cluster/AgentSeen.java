package io.fleetflow.workflows.cluster;

/**
 * What the liveness sweep found of a cluster's agent: it stopped polling its task queue for longer
 * than the cluster allows, or polls again.
 *
 * @param polling whether the agent polls now
 * @param lastSeenMillis when it last polled (epoch millis), or 0 when Temporal knows of no poll
 */
public record AgentSeen(boolean polling, long lastSeenMillis) {}
