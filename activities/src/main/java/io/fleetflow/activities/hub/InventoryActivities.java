package io.fleetflow.activities.hub;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** Reads across entities for workflows that depend on others, such as cluster sets. */
@ActivityInterface
public interface InventoryActivities {
  /** Returns every ManagedCluster that exists, with its labels. */
  @ActivityMethod(name = "ListClusters")
  List<ClusterLabels> clusters();

  /** Returns true when an object of the kind exists (and is not being deleted). */
  @ActivityMethod(name = "ObjectExists")
  boolean exists(String kind, String namespace, String name);

  /**
   * A cluster and its labels.
   *
   * @param name the cluster's name
   * @param labels its labels
   */
  record ClusterLabels(String name, Map<String, String> labels) {}
}
