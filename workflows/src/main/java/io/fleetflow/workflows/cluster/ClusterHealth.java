package io.fleetflow.workflows.cluster;

import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_AVAILABLE;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.entity.ObjectChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's health as OCM reports it: the Available condition from lease and probe, the clock
 * check, and the built-in taints that follow Available. Pure and deterministic: the caller passes
 * the time, so workflow code can use it.
 */
final class ClusterHealth {
  static final String CONDITION_CLOCK_SYNCED = "ManagedClusterConditionClockSynced";
  static final String SKIP_CLOCK_CHECK =
      "registration.open-cluster-management.io/skip-clock-sync-check";

  private final ManagedCluster cluster;
  private final int graceMultiplier;

  ClusterHealth(ManagedCluster cluster, int graceMultiplier) {
    this.cluster = cluster;
    this.graceMultiplier = graceMultiplier;
  }

  /** How long after the last renewal the hub waits before it calls the cluster Unknown. */
  Duration grace() {
    return Duration.ofSeconds(
        (long) graceMultiplier * cluster.getSpec().effectiveLeaseDurationSeconds());
  }

  /** Records that the agent picked up work: the cluster is available. */
  boolean available(Instant now) {
    return set(now, Conditions.TRUE, "ManagedClusterAvailable", "Managed cluster is available");
  }

  /** Records a lease renewal with the agent's probe result and clock. */
  boolean renewed(LeaseRenewal renewal, Instant now) {
    boolean changed =
        renewal.apiServerHealthy()
            ? available(now)
            : set(
                now,
                Conditions.FALSE,
                "ManagedClusterKubeAPIServerUnavailable",
                "The agent's probe of its API server has failed for a while: " + renewal.message());
    return checkClock(renewal.agentTimeMillis(), now) | changed;
  }

  /** Records that no renewal came within the grace period. */
  boolean leaseExpired(Instant now) {
    return set(
        now,
        Conditions.UNKNOWN,
        "ManagedClusterLeaseUpdateStopped",
        "Registration agent stopped updating its lease (no renewal for "
            + grace().toSeconds()
            + "s).");
  }

  /** Records that the agent did not pick up its first task. */
  boolean notPolling(Instant now, String message) {
    return set(now, Conditions.UNKNOWN, "AgentNotPolling", message);
  }

  /** Records that the hub denied the cluster, so its agent no longer takes work. */
  boolean denied(Instant now) {
    return set(
        now,
        Conditions.UNKNOWN,
        "HubClusterAdminDenied",
        "The hub denied the cluster; its agent takes no work until it is accepted again");
  }

  /** Returns true when the cluster's availability is Unknown (or was never established). */
  boolean isUnknown() {
    return availability().map(c -> Conditions.UNKNOWN.equals(c.getStatus())).orElse(true);
  }

  /**
   * Sets the built-in taints to follow Available as OCM's hub does: Unknown or missing gives {@code
   * unreachable}, False gives {@code unavailable}, True removes both. A taint that stays keeps its
   * {@code timeAdded}.
   *
   * @return true when the taints changed
   */
  boolean syncTaints(Instant now) {
    String status = availability().map(Condition::getStatus).orElse(Conditions.UNKNOWN);
    String wanted =
        switch (status) {
          case Conditions.TRUE -> null;
          case Conditions.FALSE -> BuiltInTaints.UNAVAILABLE;
          default -> BuiltInTaints.UNREACHABLE;
        };
    List<Taint> taints = new ArrayList<>();
    boolean changed = false;
    boolean present = false;
    for (Taint t : cluster.getSpec().getTaints()) {
      if (BuiltInTaints.isBuiltIn(t) && !t.key().equals(wanted)) {
        changed = true;
        continue;
      }
      present |= t.key() != null && t.key().equals(wanted);
      taints.add(t);
    }
    if (wanted != null && !present) {
      taints.add(new Taint(wanted, null, BuiltInTaints.EFFECT, now.toString()));
      changed = true;
    }
    if (changed) {
      cluster.getSpec().setTaints(taints);
      cluster.getMetadata().setGeneration(cluster.getMetadata().getGeneration() + 1);
      ObjectChanges.bump(cluster);
    }
    return changed;
  }

  private boolean checkClock(Long agentTimeMillis, Instant now) {
    Map<String, String> annotations = cluster.getMetadata().getAnnotations();
    if (agentTimeMillis == null
        || annotations != null && "true".equals(annotations.get(SKIP_CLOCK_CHECK))) {
      return false;
    }
    long skew = Math.abs(now.toEpochMilli() - agentTimeMillis);
    boolean synced = skew < grace().toMillis();
    return setCondition(
        now,
        CONDITION_CLOCK_SYNCED,
        synced ? Conditions.TRUE : Conditions.FALSE,
        synced ? "ManagedClusterClockSynced" : "ManagedClusterClockOutOfSync",
        synced
            ? "The clock of the managed cluster is synced with the hub."
            : "The clock of the managed cluster is "
                + skew / 1000
                + "s off the hub's, more than the lease grace of "
                + grace().toSeconds()
                + "s; fix its time source or annotate the cluster with "
                + SKIP_CLOCK_CHECK
                + "=true");
  }

  private Optional<Condition> availability() {
    return Conditions.find(cluster.getStatus().getConditions(), CONDITION_AVAILABLE);
  }

  private boolean set(Instant now, String status, String reason, String message) {
    return setCondition(now, CONDITION_AVAILABLE, status, reason, message);
  }

  private boolean setCondition(
      Instant now, String type, String status, String reason, String message) {
    boolean changed =
        Conditions.set(
            cluster.getStatus().getConditions(), type, status, reason, message, now, null);
    if (changed) {
      ObjectChanges.bump(cluster);
    }
    return changed;
  }
}
