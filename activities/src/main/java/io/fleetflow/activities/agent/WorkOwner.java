package io.fleetflow.activities.agent;

/**
 * A work as the agent records it on the objects it applies ({@link WorkOwnership}).
 *
 * @param name the work's name in the cluster's namespace on the hub
 * @param holder the workflow that holds the work when it is not the work's own (a replica set's ID,
 *     as {@link ApplyRequest#holder} names it), or null
 */
record WorkOwner(String name, String holder) {}
