package io.fleetflow.model.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fleetflow.model.meta.ApiGroups;

/**
 * OCM's cluster-scoped ManagedCluster: one cluster that has asked to join, or has joined, the hub.
 */
@Group(ApiGroups.CLUSTER)
@Version(ApiGroups.V1)
@Kind("ManagedCluster")
@Plural("managedclusters")
@Singular("managedcluster")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedCluster extends CustomResource<ManagedClusterSpec, ManagedClusterStatus> {
  /** OCM's condition types, reasons and names, kept in one place. */
  public static final String CONDITION_HUB_ACCEPTED = "HubAcceptedManagedCluster";

  public static final String CONDITION_JOINED = "ManagedClusterJoined";
  public static final String CONDITION_AVAILABLE = "ManagedClusterConditionAvailable";

  /**
   * Fleetflow's condition that the hub finds the agent alive by its polls of its task queue, so the
   * agent signals a lease renewal only when its API server's health changes and hourly; when not
   * True, the agent renews every lease period.
   */
  public static final String CONDITION_LIVENESS_BY_POLLS = "fleetflow.io/LivenessByPolls";

  public static final int DEFAULT_LEASE_DURATION_SECONDS = 60;

  @Override
  protected ManagedClusterSpec initSpec() {
    return new ManagedClusterSpec();
  }

  @Override
  protected ManagedClusterStatus initStatus() {
    return new ManagedClusterStatus();
  }
}
