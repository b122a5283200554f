package io.fleetflow.activities.view;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Where the agent keeps its views' watches. The agent process implements it, since only it can tell
 * the hub about a change; the activities only start and stop watches.
 */
public interface ViewWatches {
  /**
   * Watches one view's object, replacing the view's earlier watch.
   *
   * @param request the view
   * @param type the object's type
   * @param reader the client to watch with (the executor's, when the view names one)
   * @param sent the report the activity answers with; the watch sends only what differs from it
   */
  void watch(ViewRequest request, ObjectType type, KubernetesClient reader, ViewReport sent);

  /** Stops watching the view, if it is watched. */
  void stop(String view);
}
