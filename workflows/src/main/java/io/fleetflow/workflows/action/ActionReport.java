package io.fleetflow.workflows.action;

/**
 * What a set's action tells its set when it completes.
 *
 * @param cluster the action's cluster
 * @param done true when it completed True
 * @param reason its Completed reason
 * @param message its Completed message
 */
public record ActionReport(String cluster, boolean done, String reason, String message) {}
