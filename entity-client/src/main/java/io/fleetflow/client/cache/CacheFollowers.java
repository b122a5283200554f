package io.fleetflow.client.cache;

import io.fleetflow.client.rbac.FeedFollower;
import io.fleetflow.client.rbac.RbacStore;
import io.temporal.client.WorkflowClient;

/**
 * The one reader of the change feed a process needs: a gateway and a hub each keep the RBAC objects
 * and an {@link EntityCache} (every kind, or the kinds the hub reads) from one {@link
 * FeedFollower}, so each change is read once however many things it keeps.
 */
public final class CacheFollowers {
  private CacheFollowers() {}

  /**
   * A follower, not yet started, that lists both again on a relist and hands each change to both.
   */
  public static FeedFollower keeping(WorkflowClient client, RbacStore rbac, EntityCache cache) {
    return new FeedFollower(
        client,
        at -> {
          rbac.load();
          cache.relisted(at);
        },
        (at, change) -> {
          if (RbacStore.follows(change.kind())) {
            rbac.changed(change);
          }
          cache.changed(at, change);
        });
  }
}
