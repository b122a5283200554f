package io.fleetflow.activities.agent;

import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;

/**
 * A resource a work applied on its cluster, as OCM's AppliedManifestWork lists it: where it lives
 * and the UID it had when the work applied it. The UID keeps the agent from deleting an object that
 * merely has the same name, such as one somebody re-created after the work's own was deleted.
 *
 * @param meta where the resource lives on the cluster
 * @param uid the object's UID when the work applied it, or null when not known
 */
public record AppliedResource(ResourceMeta meta, String uid) {}
