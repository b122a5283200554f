package io.fleetflow.workflows.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.hub.AutoApprovalRule;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.entity.EntityFailures;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A cluster's registration without Temporal, as OCM's registration controller decides it: the name
 * belongs to the first agent that joins, a decision is recorded with who, when and why, a denial
 * detaches the cluster, and the auto-approval rules see the first join once. The clock is the
 * test's own.
 */
class ClusterRegistrationTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final Actor ADA = new Actor("ada", List.of("fleetflow:approvers"), "known owner");

  private final TestCluster c = new TestCluster(T0);
  private RegistrationPolicy policy = RegistrationPolicy.DEFAULTS;
  private final ClusterRegistration registration =
      new ClusterRegistration(
          c.record, new ClusterHealth(c.record, () -> policy), () -> policy, () -> "uid-1");

  @Test
  void theNameBelongsToTheFirstAgentAndAnotherIsRefusedAndRecorded() {
    JoinResponse first = registration.join(Fixtures.join("c1", "sha256:one"));
    String version = c.cluster().getMetadata().getResourceVersion();

    assertThat(first.accepted()).isFalse();
    assertThat(first.message()).contains("waiting for an operator");
    assertThatThrownBy(() -> registration.join(Fixtures.join("c1", "sha256:two")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo(EntityFailures.CONFLICT);
              assertThat(e.getOriginalMessage()).contains("taken by another agent");
            });

    assertThat(c.state.agentIdentity).isEqualTo("sha256:one");
    assertThat(condition(ClusterRegistration.CONDITION_NAME_CONFLICT).getMessage())
        .contains("sha256:two")
        .contains("the name belongs to sha256:one");
    assertThat(c.cluster().getMetadata().getResourceVersion()).isNotEqualTo(version);
  }

  @ParameterizedTest(name = "identity \"{0}\" while deleting {1}: refused because {2}")
  @CsvSource({
    "'',          false, must carry an identity",
    "sha256:one,  true,  is being deleted",
  })
  void aJoinWithoutIdentityOrDuringDeletionIsRefused(
      String identity, boolean deleting, String because) {
    if (deleting) {
      c.cluster().getMetadata().setDeletionTimestamp(T0.toString());
    }

    assertThatThrownBy(() -> registration.validateJoin(Fixtures.join("c1", identity)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo(EntityFailures.FORBIDDEN);
              assertThat(e.getOriginalMessage()).contains(because);
            });
  }

  @Test
  void anAcceptanceIsRecordedWithWhoWhenAndWhy() {
    registration.join(Fixtures.join("c1", "sha256:one"));
    c.advance(Duration.ofMinutes(2));

    registration.recordDecision(true, ADA);

    Condition accepted = condition(ManagedCluster.CONDITION_HUB_ACCEPTED);
    assertThat(accepted.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(accepted.getReason()).isEqualTo("HubClusterAdminAccepted");
    assertThat(accepted.getMessage())
        .isEqualTo("Accepted by ada at " + T0.plus(Duration.ofMinutes(2)) + ": known owner");
    assertThat(c.state.decisions).hasSize(1);
    assertThat(c.state.decisions.get(0).actor().user()).isEqualTo("ada");
  }

  @Test
  void aDenialDetachesTheCluster() {
    registration.join(Fixtures.join("c1", "sha256:one"));
    registration.recordDecision(true, ADA);
    c.state.joinConfirmed = true;

    registration.recordDecision(false, new Actor("ada", List.of(), "decommissioned"));

    assertThat(condition(ManagedCluster.CONDITION_HUB_ACCEPTED).getReason())
        .isEqualTo("HubClusterAdminDenied");
    assertThat(condition(ManagedCluster.CONDITION_JOINED).getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(c.state.joinConfirmed).isFalse();
  }

  @ParameterizedTest(name = "rule for {0}: accepted {1}")
  @CsvSource({"sha256:one, true", "sha256:other, false"})
  void theAutoApprovalRulesSeeTheFirstJoinOnce(String ruleIdentity, boolean accepted) {
    policy =
        new RegistrationPolicy(
            3600, 3, List.of(new AutoApprovalRule("ones", List.of(ruleIdentity), Map.of())));
    assertThat(registration.autoApprovalDue()).isFalse();
    registration.join(Fixtures.join("c1", "sha256:one"));
    assertThat(registration.autoApprovalDue()).isTrue();

    registration.autoApprove();

    assertThat(registration.autoApprovalDue()).isFalse();
    assertThat(c.cluster().getSpec().isHubAcceptsClient()).isEqualTo(accepted);
    if (accepted) {
      assertThat(c.cluster().getMetadata().getAnnotations())
          .containsEntry(ClusterRegistration.AUTO_ACCEPTED_ON, T0.toString());
      assertThat(condition(ManagedCluster.CONDITION_HUB_ACCEPTED).getMessage())
          .startsWith("Accepted by system:fleetflow:auto-approval")
          .contains("auto-approval rule \"ones\"");
    } else {
      assertThat(c.state.decisions).isEmpty();
    }
  }

  private Condition condition(String type) {
    return Conditions.find(c.cluster().getStatus().getConditions(), type).orElseThrow();
  }
}
