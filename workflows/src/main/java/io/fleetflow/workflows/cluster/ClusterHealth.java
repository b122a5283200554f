package io.fleetflow.workflows.cluster;

import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_AVAILABLE;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.entity.ObjectChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cluster's health as OCM's lease, clock-sync and taint controllers keep it: the agent's lease
 * renewals and their expiry, the Available condition from lease and probe, the clock check, the
 * built-in taints that follow Available, and the time operators' taints were added. Deterministic
 * and free of Temporal calls: the time comes from the {@link ClusterRecord}'s clock, so workflow
 * code uses it and tests drive it with a clock of their own.
 */
final class ClusterHealth {
  static final String CONDITION_CLOCK_SYNCED = "ManagedClusterConditionClockSynced";
  static final String SKIP_CLOCK_CHECK =
      "registration.open-cluster-management.io/skip-clock-sync-check";

  private final ClusterRecord record;
  private final Supplier<RegistrationPolicy> policy;

  ClusterHealth(ClusterRecord record, Supplier<RegistrationPolicy> policy) {
    this.record = record;
    this.policy = policy;
  }

  /** How long after the last renewal the hub waits before it calls the cluster Unknown. */
  Duration grace() {
    return Duration.ofSeconds(
        (long) policy.get().leaseGraceMultiplier()
            * cluster().getSpec().effectiveLeaseDurationSeconds());
  }

  /**
   * Records a lease renewal from the agent that holds the name; renewals from any other identity do
   * not count. Availability changes only for an accepted cluster whose agent confirmed its join.
   *
   * @return true when the cluster changed, so the workflow's loop should look again
   */
  boolean renew(LeaseRenewal renewal) {
    ManagedClusterState state = record.state();
    if (state.cluster == null || !Objects.equals(renewal.identity(), state.agentIdentity)) {
      return false;
    }
    state.lastLeaseRenewalMillis = record.now().toEpochMilli();
    if (!record.accepted() || !state.joinConfirmed) {
      return false;
    }
    boolean wasUnknown = isUnknown();
    boolean changed = renewed(renewal);
    if (changed && wasUnknown) {
      record.event("Normal", "ClusterAvailable", "The agent renews its lease again");
    } else if (changed && !renewal.apiServerHealthy()) {
      record.event("Warning", "ClusterUnavailable", "The agent cannot reach its API server");
    }
    return changed | syncTaints();
  }

  /**
   * Returns how long the lease of an accepted, joined and available cluster has left, or null when
   * no lease counts (not accepted, not joined, or Unknown already).
   */
  Duration leaseTimeLeft() {
    if (!record.accepted() || !record.state().joinConfirmed || isUnknown()) {
      return null;
    }
    long expiry = record.state().lastLeaseRenewalMillis + grace().toMillis();
    return Duration.ofMillis(Math.max(0, expiry - record.now().toEpochMilli()));
  }

  /** Makes the cluster Unknown when its lease has run out, with an event saying so. */
  void expireLeaseIfDue() {
    if (record.now().toEpochMilli() >= record.state().lastLeaseRenewalMillis + grace().toMillis()
        && leaseExpired()) {
      record.event(
          "Warning",
          "ClusterUnreachable",
          "No lease renewal for " + grace().toSeconds() + "s; the cluster is Unknown");
    }
  }

  /**
   * Records that the agent picked up work: its lease starts now, and the cluster is available since
   * the hub asked.
   */
  void agentConfirmed(Instant askedAt) {
    record.state().lastLeaseRenewalMillis = record.now().toEpochMilli();
    available(askedAt);
  }

  /** Records that the cluster is available as of {@code at}. */
  boolean available(Instant at) {
    return set(at, Conditions.TRUE, "ManagedClusterAvailable", "Managed cluster is available");
  }

  /** Records a lease renewal's probe result and clock. */
  boolean renewed(LeaseRenewal renewal) {
    boolean changed =
        renewal.apiServerHealthy()
            ? available(record.now())
            : set(
                record.now(),
                Conditions.FALSE,
                "ManagedClusterKubeAPIServerUnavailable",
                "The agent's probe of its API server has failed for a while: " + renewal.message());
    return checkClock(renewal.agentTimeMillis()) | changed;
  }

  /** Records that no renewal came within the grace period. */
  boolean leaseExpired() {
    return leaseStopped(
        "Registration agent stopped updating its lease (no renewal for "
            + grace().toSeconds()
            + "s).");
  }

  private boolean leaseStopped(String message) {
    return set(record.now(), Conditions.UNKNOWN, "ManagedClusterLeaseUpdateStopped", message);
  }

  /**
   * Records what the liveness sweep found of the agent's polls: gone makes an available cluster
   * Unknown (OCM's lease expiry, with the same reason), back makes an Unknown one available.
   *
   * @return true when the cluster changed, so the workflow's loop should look again
   */
  boolean seen(AgentSeen seen) {
    ManagedClusterState state = record.state();
    if (!record.accepted() || !state.joinConfirmed || state.livenessWatchSeconds == 0) {
      // Not watched (any more): the agent renews by signal, or the cluster is not in service.
      return false;
    }
    state.lastLeaseRenewalMillis = Math.max(state.lastLeaseRenewalMillis, seen.lastSeenMillis());
    state.livenessReachable = seen.polling();
    boolean changed = false;
    if (seen.polling() && isUnknown()) {
      changed = available(record.now());
      record.event("Normal", "ClusterAvailable", "The agent polls its task queue again");
    } else if (!seen.polling() && !isUnknown()) {
      changed =
          leaseStopped(
              "Registration agent stopped polling its task queue (no poll for "
                  + LeaseRenewals.staleAfter(grace()).toSeconds()
                  + "s), so its lease ran out.");
      record.event(
          "Warning",
          "ClusterUnreachable",
          "No poll of the cluster's task queue within the grace of "
              + grace().toSeconds()
              + "s; the cluster is Unknown");
    }
    return changed | syncTaints();
  }

  /** Records that the agent did not pick up its first task, which the hub sent at {@code at}. */
  boolean notPolling(Instant at, String message) {
    return set(at, Conditions.UNKNOWN, "AgentNotPolling", message);
  }

  /** Records that the hub denied the cluster, so its agent no longer takes work. */
  boolean denied() {
    return set(
        record.now(),
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
  boolean syncTaints() {
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
    for (Taint t : cluster().getSpec().getTaints()) {
      if (BuiltInTaints.isBuiltIn(t) && !t.key().equals(wanted)) {
        changed = true;
        continue;
      }
      present |= t.key() != null && t.key().equals(wanted);
      taints.add(t);
    }
    if (wanted != null && !present) {
      taints.add(new Taint(wanted, null, BuiltInTaints.EFFECT, record.now().toString()));
      changed = true;
    }
    if (changed) {
      cluster().getSpec().setTaints(taints);
      cluster().getMetadata().setGeneration(cluster().getMetadata().getGeneration() + 1);
      ObjectChanges.bump(cluster());
    }
    return changed;
  }

  /**
   * Gives an operator's new taints the time they were added and keeps it on taints that stay, since
   * the hub, not the client, owns {@code timeAdded}; the built-in taints are the hub's and stay as
   * they are, whatever the client sent.
   *
   * @param current the taints before the change (none for a new cluster)
   */
  void stampTaints(List<Taint> current, ManagedClusterSpec proposed) {
    List<Taint> stamped =
        new ArrayList<>(current.stream().filter(BuiltInTaints::isBuiltIn).toList());
    List<Taint> requested = proposed.getTaints() == null ? List.of() : proposed.getTaints();
    for (Taint taint : requested) {
      if (BuiltInTaints.isBuiltIn(taint)) {
        continue;
      }
      String timeAdded =
          current.stream()
              .filter(t -> BuiltInTaints.sameTaint(t, taint))
              .map(Taint::timeAdded)
              .findFirst()
              .orElse(record.now().toString());
      stamped.add(new Taint(taint.key(), taint.value(), taint.effect(), timeAdded));
    }
    proposed.setTaints(stamped);
  }

  private boolean checkClock(Long agentTimeMillis) {
    Map<String, String> annotations = cluster().getMetadata().getAnnotations();
    if (agentTimeMillis == null
        || annotations != null && "true".equals(annotations.get(SKIP_CLOCK_CHECK))) {
      return false;
    }
    long skew = Math.abs(record.now().toEpochMilli() - agentTimeMillis);
    boolean synced = skew < grace().toMillis();
    return record.setCondition(
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
    return Conditions.find(cluster().getStatus().getConditions(), CONDITION_AVAILABLE);
  }

  private boolean set(Instant at, String status, String reason, String message) {
    return record.setCondition(CONDITION_AVAILABLE, status, reason, message, at);
  }

  private ManagedCluster cluster() {
    return record.cluster();
  }
}
