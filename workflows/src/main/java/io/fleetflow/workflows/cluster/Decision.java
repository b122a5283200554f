package io.fleetflow.workflows.cluster;

import io.fleetflow.model.meta.Actor;

/**
 * One acceptance or denial of a cluster, kept for the audit trail.
 *
 * @param accepted true for accept, false for deny
 * @param actor who decided and why
 * @param time when, as an RFC 3339 timestamp
 */
public record Decision(boolean accepted, Actor actor, String time) {}
