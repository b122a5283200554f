package io.fleetflow.model.addon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkStatus.FeedbackValue;
import io.fleetflow.model.work.ManifestWorkStatus.FieldValue;
import io.fleetflow.model.work.ManifestWorkStatus.ManifestCondition;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.model.work.ManifestWorkStatus.StatusFeedbackResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The health checks' table: each mode, what the hub saw, and the Available it judges. */
class AddOnHealthTest {
  private static final HealthCheck PROBE =
      new HealthCheck(
          HealthCheck.WORK_FIELD,
          HealthCheck.parseProbe("Deployment/ns/agent:.status.phase=Ready").orElseThrow());

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "none, applied",
            mode(HealthCheck.NONE),
            applied(List.of()),
            "True",
            AddOnHealth.REASON_AVAILABLE),
        Arguments.of(
            "none, not applied",
            mode(HealthCheck.NONE),
            notApplied(),
            "Unknown",
            AddOnHealth.REASON_WORK_NOT_APPLIED),
        Arguments.of(
            "work Available",
            mode(HealthCheck.WORK),
            appliedWork("True"),
            "True",
            AddOnHealth.REASON_AVAILABLE),
        Arguments.of(
            "work not Available",
            mode(HealthCheck.WORK),
            appliedWork("False"),
            "False",
            AddOnHealth.REASON_UNAVAILABLE),
        Arguments.of(
            "work silent",
            mode(HealthCheck.WORK),
            applied(List.of()),
            "Unknown",
            AddOnHealth.REASON_NO_RESULT),
        Arguments.of(
            "deployment ready",
            mode(HealthCheck.DEPLOYMENT_AVAILABILITY),
            applied(List.of(deployment(1L, 1L))),
            "True",
            AddOnHealth.REASON_AVAILABLE),
        Arguments.of(
            "deployment not ready",
            mode(HealthCheck.DEPLOYMENT_AVAILABILITY),
            applied(List.of(deployment(1L, 0L))),
            "False",
            AddOnHealth.REASON_UNAVAILABLE),
        Arguments.of(
            "deployment without feedback",
            mode(HealthCheck.DEPLOYMENT_AVAILABILITY),
            applied(List.of(deployment(null, null))),
            "Unknown",
            AddOnHealth.REASON_NO_RESULT),
        Arguments.of(
            "no deployment: the work decides",
            mode(HealthCheck.DEPLOYMENT_AVAILABILITY),
            appliedWork("True"),
            "True",
            AddOnHealth.REASON_AVAILABLE),
        Arguments.of(
            "probe matches",
            PROBE,
            applied(List.of(phase("Ready"))),
            "True",
            AddOnHealth.REASON_AVAILABLE),
        Arguments.of(
            "probe differs",
            PROBE,
            applied(List.of(phase("Starting"))),
            "False",
            AddOnHealth.REASON_UNAVAILABLE),
        Arguments.of(
            "probe silent",
            PROBE,
            applied(List.of(deployment(null, null))),
            "Unknown",
            AddOnHealth.REASON_NO_RESULT),
        Arguments.of(
            "lease fresh",
            mode(HealthCheck.LEASE),
            lease(new AddOnLease(true, "t", 300, true)),
            "True",
            AddOnHealth.REASON_LEASE_UPDATED),
        Arguments.of(
            "lease stale past the grace",
            mode(HealthCheck.LEASE),
            lease(new AddOnLease(true, "t", 300, false)),
            "Unknown",
            AddOnHealth.REASON_LEASE_STOPPED),
        Arguments.of(
            "no lease yet",
            mode(HealthCheck.LEASE),
            lease(new AddOnLease(false, null, 300, false)),
            "Unknown",
            AddOnHealth.REASON_LEASE_NOT_FOUND),
        Arguments.of(
            "lease never reported",
            mode(HealthCheck.LEASE),
            notApplied(),
            "Unknown",
            AddOnHealth.REASON_NO_RESULT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judges(
      String scenario,
      HealthCheck check,
      AddOnHealth.Observed observed,
      String status,
      String reason) {
    AddOnHealth.Verdict verdict = AddOnHealth.judge(check, observed);
    assertThat(verdict.status()).isEqualTo(status);
    assertThat(verdict.reason()).isEqualTo(reason);
    assertThat(verdict.message()).isNotBlank();
  }

  private static HealthCheck mode(String mode) {
    return new HealthCheck(mode, null);
  }

  private static AddOnHealth.Observed notApplied() {
    return new AddOnHealth.Observed(false, List.of(), List.of(), null);
  }

  private static AddOnHealth.Observed applied(List<ManifestCondition> manifests) {
    return new AddOnHealth.Observed(true, List.of(), manifests, null);
  }

  private static AddOnHealth.Observed appliedWork(String available) {
    Condition c = Conditions.of("Available", available, "x", "the work says so");
    return new AddOnHealth.Observed(true, List.of(c), List.of(), null);
  }

  private static AddOnHealth.Observed lease(AddOnLease lease) {
    return new AddOnHealth.Observed(true, List.of(), List.of(), lease);
  }

  private static ManifestCondition deployment(Long replicas, Long ready) {
    List<FeedbackValue> values =
        Stream.of(
                replicas == null ? null : new FeedbackValue("Replicas", integer(replicas)),
                ready == null ? null : new FeedbackValue("ReadyReplicas", integer(ready)))
            .filter(v -> v != null)
            .toList();
    return new ManifestCondition(
        new ResourceMeta(1, "apps", "v1", "Deployment", "deployments", "agent", "ns"),
        values.isEmpty() ? null : new StatusFeedbackResult(values),
        List.of());
  }

  private static ManifestCondition phase(String phase) {
    return new ManifestCondition(
        new ResourceMeta(1, "apps", "v1", "Deployment", "deployments", "agent", "ns"),
        new StatusFeedbackResult(
            List.of(
                new FeedbackValue(
                    HealthCheck.Probe.FEEDBACK_NAME,
                    new FieldValue(FieldValue.STRING, null, phase, null, null)))),
        List.of());
  }

  private static FieldValue integer(long value) {
    return new FieldValue(FieldValue.INTEGER, value, null, null, null);
  }
}
