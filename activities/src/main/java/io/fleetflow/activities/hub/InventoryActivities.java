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
   * Signals {@link #SET_CHANGED} to every running ManagedClusterSetBinding that binds the set (a
   * binding's name is its set's), in every namespace, with whether the set now exists.
   *
   * @param set the set's name
   * @param exists true when the set exists and is not being deleted
   * @return how many bindings were told
   */
  @ActivityMethod(name = "TellBindings")
  int tellBindings(String set, boolean exists);

  /** The signal {@link #tellBindings} sends a binding, argument: whether its set exists. */
  String SET_CHANGED = "clusterSetChanged";

  /**
   * A cluster and its labels.
   *
   * @param name the cluster's name
   * @param labels its labels
   */
  record ClusterLabels(String name, Map<String, String> labels) {}
}
