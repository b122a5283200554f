package io.fleetflow.gateway.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.cache.CacheFollowers;
import io.fleetflow.client.cache.EntityCache;
import io.fleetflow.client.rbac.FeedFollower;
import io.fleetflow.client.rbac.RbacStore;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gateway's one reader of the change feed: a single {@link FeedFollower} keeps both the watch
 * cache ({@link EntityCache}) and the RBAC objects ({@link RbacStore}), so a gateway reads every
 * change once however many clients watch. Stopping it ends every open watch at once, so a gateway
 * stops within moments of SIGTERM and its watching clients reconnect elsewhere. Tests of the web
 * layer alone turn following off ({@code fleetflow.gateway.rbac.follow-feed=false}): the cache then
 * never syncs and reads take the path through Temporal.
 */
@Component
public class GatewayFeed implements SmartLifecycle {
  private final WorkflowClient client;
  private final RbacStore rbac;
  private final EntityCache cache;
  private final boolean follow;
  private FeedFollower follower;

  public GatewayFeed(
      WorkflowClient client,
      RbacStore rbac,
      EntityClient entities,
      ObjectMapper json,
      @Value("${fleetflow.gateway.rbac.follow-feed:true}") boolean follow) {
    this.client = client;
    this.rbac = rbac;
    this.cache = EntityCache.over(entities, json);
    this.follow = follow;
  }

  /** The watch cache this feed keeps. */
  public EntityCache cache() {
    return cache;
  }

  @Override
  public synchronized void start() {
    if (follow && follower == null) {
      follower = CacheFollowers.keeping(client, rbac, cache).start();
    }
  }

  @Override
  public synchronized void stop() {
    if (follower != null) {
      follower.close();
      follower = null;
    }
    cache.closeAll();
  }

  @Override
  public synchronized boolean isRunning() {
    return follower != null;
  }

  /** Stops before the web server drains its requests, so open watches end first. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
