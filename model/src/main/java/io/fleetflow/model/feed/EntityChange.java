package io.fleetflow.model.feed;

/**
 * One change of one entity, as the entity publishes it to the {@link ChangeFeed}.
 *
 * @param kind the object's kind, such as {@code ManagedCluster}
 * @param namespace its namespace, or null for a cluster-scoped kind
 * @param name its name
 * @param uid its uid, so a re-created object is told apart from the one deleted before it
 * @param version the object's own (per-object) resourceVersion at this change; a consumer applies a
 *     change only when this is newer than what it holds, since publishing is at least once
 * @param type ADDED, MODIFIED or DELETED
 * @param object the object as JSON (a Map on the reading side), or null when it was larger than
 *     {@link ChangeFeed#MAX_INLINE_BYTES}; the reader then asks the entity with its {@code get}
 */
public record EntityChange(
    String kind,
    String namespace,
    String name,
    String uid,
    long version,
    Type type,
    Object object) {

  /** What happened to the object, in Kubernetes' watch event words. */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }

  /** The object's key within its kind: {@code namespace/name} or {@code name}. */
  public String key() {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
