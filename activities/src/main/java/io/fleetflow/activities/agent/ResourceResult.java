package io.fleetflow.activities.agent;

import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;

/**
 * The outcome of applying one manifest.
 *
 * @param meta where the manifest lives on the cluster
 * @param uid the object's UID on the cluster, once it exists
 * @param applied whether the desired state was written
 * @param available whether the object exists on the cluster
 * @param reason a CamelCase reason for the outcome, such as {@code AppliedManifestComplete}
 * @param message the outcome in words, naming the error when there was one
 */
public record ResourceResult(
    ResourceMeta meta,
    String uid,
    boolean applied,
    boolean available,
    String reason,
    String message) {}
