package io.fleetflow.model.addon;

/**
 * What a cluster's agent saw of an add-on agent's Lease (OCM's Lease health check).
 *
 * @param found whether the lease exists
 * @param renewTime its {@code spec.renewTime} (or acquireTime), as the cluster wrote it
 * @param graceSeconds how long renewals may stop before they count as stopped: five lease durations
 *     ({@code spec.leaseDurationSeconds}, 60 when unset), as OCM's five minutes are
 * @param fresh whether it was renewed within the grace, by the cluster agent's clock
 */
public record AddOnLease(boolean found, String renewTime, long graceSeconds, boolean fresh) {
  /** Returns true when the two say the same about the add-on's health. */
  public boolean sameHealth(AddOnLease other) {
    return other != null && found == other.found && fresh == other.fresh;
  }
}
