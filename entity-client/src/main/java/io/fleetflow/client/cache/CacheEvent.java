package io.fleetflow.client.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.feed.EntityChange;

/**
 * One change as a watch sends it.
 *
 * @param position the feed position of the change (for initial ADDED events: the cache's position)
 * @param type ADDED, MODIFIED or DELETED
 * @param kind the object's kind
 * @param object the object after the change (as it was, for DELETED)
 */
public record CacheEvent(long position, EntityChange.Type type, String kind, HasMetadata object) {}
