package io.fleetflow.activities.hub.liveness;

/**
 * A watched cluster's agent that has crossed the line either way: it stopped polling for longer
 * than the cluster allows, or polls again after it had.
 *
 * @param name the cluster's name
 * @param reachable whether the agent polls now
 * @param lastSeenMillis when the agent last polled (epoch millis), or 0 when Temporal knows of no
 *     poll of its task queue
 */
public record Crossing(String name, boolean reachable, long lastSeenMillis) {}
