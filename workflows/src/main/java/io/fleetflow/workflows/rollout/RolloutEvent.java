package io.fleetflow.workflows.rollout;

/**
 * One entry of a rollout's history: a revision started, a gate opened, expired or was approved, a
 * pause, resume, abort, rollback or undo, a cluster that joined or left.
 *
 * @param time when, in ISO-8601
 * @param revision the revision being rolled out then
 * @param type what happened, such as {@code GateApproved}
 * @param user who did it, or {@code system:fleetflow:rollout}
 * @param message the details, for a person
 */
public record RolloutEvent(String time, long revision, String type, String user, String message) {}
