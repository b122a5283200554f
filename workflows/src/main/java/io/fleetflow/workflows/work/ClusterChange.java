package io.fleetflow.workflows.work;

import java.util.List;

/**
 * What the agent saw happen on the cluster to a work's resources, sent to the work's workflow as
 * the signal {@link ManifestWorkWorkflow#clusterChanged}. The workflow applies the work again,
 * which restores what drifted (per each resource's update strategy) and refreshes the status.
 *
 * @param reason why the agent asks for the resync, in words ("resources changed on the cluster",
 *     "the agent of cluster1 started")
 * @param resources the resources that changed, empty when the agent asks for a resync without one
 *     (after it started)
 * @param cluster the cluster the agent watches: set when it tells a workflow that holds the works
 *     of many clusters (a replica set), where the front door checks that it is the caller's own;
 *     null for a ManifestWork workflow, whose ID names its cluster
 */
public record ClusterChange(String reason, List<Resource> resources, String cluster) {
  /** The resource was changed on the cluster by someone else than the agent. */
  public static final String MODIFIED = "Modified";

  /** The resource was deleted on the cluster. */
  public static final String DELETED = "Deleted";

  /** Only the resource's status changed, such as a Deployment's ready replicas. */
  public static final String STATUS_CHANGED = "StatusChanged";

  public ClusterChange {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** A change told to the work's own ManifestWork workflow. */
  public ClusterChange(String reason, List<Resource> resources) {
    this(reason, resources, null);
  }

  /** Returns true when a resource's desired state drifted: it was modified or deleted. */
  public boolean drifted() {
    return resources.stream().anyMatch(Resource::drifted);
  }

  /**
   * One changed resource.
   *
   * @param kind the resource's kind
   * @param namespace its namespace, or null for a cluster-scoped resource
   * @param name its name
   * @param change {@link #MODIFIED}, {@link #DELETED} or {@link #STATUS_CHANGED}
   */
  public record Resource(String kind, String namespace, String name, String change) {
    /** Returns true for a change of the desired state rather than of the status. */
    public boolean drifted() {
      return !STATUS_CHANGED.equals(change);
    }

    /** Describes the change in words, e.g. {@code ConfigMap hello/greeting Deleted}. */
    public String describe() {
      return kind + " " + (namespace == null ? "" : namespace + "/") + name + " " + change;
    }
  }
}
