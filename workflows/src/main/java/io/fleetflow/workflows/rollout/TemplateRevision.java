package io.fleetflow.workflows.rollout;

import io.fleetflow.model.work.ManifestWorkSpec;

/**
 * A template revision kept so that it can be rolled back to.
 *
 * @param revision its number, from 1
 * @param template the ManifestWork template
 * @param createdMillis when it was first seen, in epoch milliseconds of workflow time
 * @param user who made it
 * @param cause what made it
 */
public record TemplateRevision(
    long revision, ManifestWorkSpec template, long createdMillis, String user, String cause) {}
