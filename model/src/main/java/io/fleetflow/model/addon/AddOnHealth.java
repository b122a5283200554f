package io.fleetflow.model.addon;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkStatus.FeedbackValue;
import io.fleetflow.model.work.ManifestWorkStatus.FieldValue;
import io.fleetflow.model.work.ManifestWorkStatus.ManifestCondition;
import java.util.List;
import java.util.Optional;

/**
 * Judges an add-on's {@code Available} condition by its {@link HealthCheck}, from what its work
 * reported (conditions and feedback) or, for {@code Lease}, from what the cluster's agent saw of
 * the add-on agent's lease (it judges freshness by the cluster's own clock). Pure, so the table of
 * cases is tested without a cluster; reasons are OCM's.
 */
public final class AddOnHealth {
  public static final String REASON_AVAILABLE = "ProbeAvailable";
  public static final String REASON_UNAVAILABLE = "ProbeUnavailable";
  public static final String REASON_NO_RESULT = "NoProbeResult";
  public static final String REASON_WORK_NOT_APPLIED = "WorkNotApplied";
  public static final String REASON_LEASE_UPDATED = "ManagedClusterAddOnLeaseUpdated";
  public static final String REASON_LEASE_STOPPED = "ManagedClusterAddOnLeaseUpdateStopped";
  public static final String REASON_LEASE_NOT_FOUND = "ManagedClusterAddOnLeaseNotFound";

  private AddOnHealth() {}

  /** A judgement: the status of {@code Available}, with OCM's reason and a message for people. */
  public record Verdict(String status, String reason, String message) {}

  /**
   * What the health check can see.
   *
   * @param applied whether the add-on's work is applied on the cluster
   * @param workConditions the work's conditions
   * @param manifests the work's per-manifest status, with feedback
   * @param lease what the cluster's agent last saw of the add-on's lease, or null before it
   *     answered
   */
  public record Observed(
      boolean applied,
      List<Condition> workConditions,
      List<ManifestCondition> manifests,
      AddOnLease lease) {}

  /** Judges the add-on's availability. */
  public static Verdict judge(HealthCheck check, Observed observed) {
    if (HealthCheck.LEASE.equals(check.mode())) {
      return lease(observed);
    }
    if (!observed.applied()) {
      return new Verdict(
          Conditions.UNKNOWN,
          REASON_WORK_NOT_APPLIED,
          "the add-on's work is not applied on the cluster yet");
    }
    return switch (check.mode()) {
      case HealthCheck.NONE ->
          new Verdict(Conditions.TRUE, REASON_AVAILABLE, "applied; the add-on has no health check");
      case HealthCheck.WORK -> work(observed);
      case HealthCheck.WORK_FIELD -> field(check.probe(), observed);
      default -> deployments(observed);
    };
  }

  private static Verdict lease(Observed observed) {
    AddOnLease lease = observed.lease();
    if (lease == null) {
      return new Verdict(
          Conditions.UNKNOWN, REASON_NO_RESULT, "the cluster has not reported the add-on's lease");
    }
    if (!lease.found()) {
      return new Verdict(
          Conditions.UNKNOWN,
          REASON_LEASE_NOT_FOUND,
          "the add-on's agent has not created its lease (a Lease named after the add-on in its"
              + " install namespace)");
    }
    if (!lease.fresh()) {
      return new Verdict(
          Conditions.UNKNOWN,
          REASON_LEASE_STOPPED,
          "the add-on's agent stopped renewing its lease (last renewed "
              + lease.renewTime()
              + "; grace "
              + lease.graceSeconds()
              + "s)");
    }
    return new Verdict(
        Conditions.TRUE,
        REASON_LEASE_UPDATED,
        "the add-on's agent renews its lease (last " + lease.renewTime() + ")");
  }

  private static Verdict work(Observed observed) {
    Optional<Condition> available = Conditions.find(observed.workConditions(), "Available");
    if (available.isEmpty() || Conditions.UNKNOWN.equals(available.get().getStatus())) {
      return new Verdict(
          Conditions.UNKNOWN, REASON_NO_RESULT, "the add-on's work has not reported Available");
    }
    return Conditions.TRUE.equals(available.get().getStatus())
        ? new Verdict(Conditions.TRUE, REASON_AVAILABLE, "the add-on's work is Available")
        : new Verdict(
            Conditions.FALSE,
            REASON_UNAVAILABLE,
            "the add-on's work is not Available: " + available.get().getMessage());
  }

  private static Verdict deployments(Observed observed) {
    List<ManifestCondition> deployments =
        observed.manifests().stream()
            .filter(m -> "Deployment".equals(m.resourceMeta().kind()))
            .toList();
    if (deployments.isEmpty()) {
      return work(observed);
    }
    for (ManifestCondition d : deployments) {
      String name = d.resourceMeta().namespace() + "/" + d.resourceMeta().name();
      Optional<FieldValue> ready = value(d, "ReadyReplicas");
      if (ready.isEmpty()) {
        Optional<FieldValue> replicas = value(d, "Replicas");
        if (replicas.isPresent()) {
          return new Verdict(
              Conditions.FALSE, REASON_UNAVAILABLE, "Deployment " + name + " has no ready replica");
        }
        return new Verdict(
            Conditions.UNKNOWN,
            REASON_NO_RESULT,
            "Deployment " + name + " has not reported its replicas yet");
      }
      if (ready.get().integer() == null || ready.get().integer() < 1) {
        return new Verdict(
            Conditions.FALSE, REASON_UNAVAILABLE, "Deployment " + name + " has no ready replica");
      }
    }
    return new Verdict(
        Conditions.TRUE,
        REASON_AVAILABLE,
        deployments.size() == 1
            ? "its Deployment has a ready replica"
            : "each of its " + deployments.size() + " Deployments has a ready replica");
  }

  private static Verdict field(HealthCheck.Probe probe, Observed observed) {
    String what = probe.kind() + " " + probe.namespace() + "/" + probe.name() + " " + probe.path();
    Optional<FieldValue> value =
        observed.manifests().stream()
            .filter(
                m ->
                    probe.kind().equals(m.resourceMeta().kind())
                        && probe.name().equals(m.resourceMeta().name())
                        && probe.namespace().equals(m.resourceMeta().namespace()))
            .findFirst()
            .flatMap(m -> value(m, HealthCheck.Probe.FEEDBACK_NAME));
    if (value.isEmpty()) {
      return new Verdict(Conditions.UNKNOWN, REASON_NO_RESULT, what + " has no value yet");
    }
    String actual = text(value.get());
    return probe.expected().equals(actual)
        ? new Verdict(Conditions.TRUE, REASON_AVAILABLE, what + " is " + actual)
        : new Verdict(
            Conditions.FALSE,
            REASON_UNAVAILABLE,
            what + " is " + actual + ", expected " + probe.expected());
  }

  private static Optional<FieldValue> value(ManifestCondition manifest, String name) {
    if (manifest.statusFeedback() == null || manifest.statusFeedback().values() == null) {
      return Optional.empty();
    }
    return manifest.statusFeedback().values().stream()
        .filter(v -> name.equals(v.name()))
        .map(FeedbackValue::fieldValue)
        .findFirst();
  }

  private static String text(FieldValue value) {
    if (value.integer() != null) {
      return Long.toString(value.integer());
    }
    if (value.bool() != null) {
      return Boolean.toString(value.bool());
    }
    return value.string() != null ? value.string() : value.jsonRaw();
  }
}
