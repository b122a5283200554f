package io.fleetflow.workflows.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A cluster's health without Temporal: the built-in taints follow the Available condition as OCM's
 * hub sets them, leases count only from the agent that holds the name and run out after the grace,
 * the clock check compares the agent's time with the hub's, and operators' taints keep the time
 * they were added. The clock is the test's own.
 */
class ClusterHealthTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private final TestCluster c = new TestCluster(T0);
  private final ClusterHealth health =
      new ClusterHealth(c.record, () -> RegistrationPolicy.DEFAULTS);

  @Test
  void aClusterWithoutAvailabilityIsUnreachable() {
    assertThat(health.syncTaints()).isTrue();

    assertThat(c.cluster().getSpec().getTaints())
        .containsExactly(new Taint(BuiltInTaints.UNREACHABLE, null, "NoSelect", T0.toString()));
  }

  @Test
  void becomingAvailableRemovesTheTaintAndUnavailableReplacesIt() {
    health.syncTaints();
    c.cluster()
        .getSpec()
        .setTaints(
            new ArrayList<>(
                List.of(
                    c.cluster().getSpec().getTaints().get(0),
                    new Taint("maintenance", "true", "NoSelect", T0.toString()))));

    c.advance(Duration.ofSeconds(5));
    health.available(c.now());
    assertThat(health.syncTaints()).isTrue();
    assertThat(c.cluster().getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly("maintenance");

    c.advance(Duration.ofSeconds(5));
    health.renewed(new LeaseRenewal("id", false, "down"));
    health.syncTaints();
    assertThat(c.cluster().getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly("maintenance", BuiltInTaints.UNAVAILABLE);
  }

  @Test
  void aTaintThatStaysKeepsWhenItWasAdded() {
    health.syncTaints();
    c.advance(Duration.ofSeconds(60));

    assertThat(health.syncTaints()).isFalse();
    assertThat(c.cluster().getSpec().getTaints().get(0).timeAdded()).isEqualTo(T0.toString());
  }

  /** Which renewals count, by who sends them and what the hub has decided. */
  @ParameterizedTest(name = "{0} renewing a cluster accepted={1}, joined={2}: counts={3}")
  @CsvSource({
    "sha256:one,      true,  true,  true",
    "sha256:intruder, true,  true,  false",
    "sha256:one,      false, false, false",
    "sha256:one,      true,  false, false"
  })
  void aRenewalMakesTheClusterAvailableOnlyFromItsAgentOnceAcceptedAndJoined(
      String identity, boolean accepted, boolean joined, boolean counts) {
    c.state.agentIdentity = "sha256:one";
    c.cluster().getSpec().setHubAcceptsClient(accepted);
    c.state.joinConfirmed = joined;
    c.advance(Duration.ofSeconds(10));

    boolean changed = health.renew(new LeaseRenewal(identity, true, null));

    assertThat(changed).isEqualTo(counts);
    assertThat(health.isUnknown()).isEqualTo(!counts);
    assertThat(c.state.lastLeaseRenewalMillis)
        .isEqualTo(identity.equals("sha256:one") ? c.now().toEpochMilli() : 0);
  }

  @Test
  void aLeaseRunsOutAfterTheGraceAndTheClusterBecomesUnknownWithAnEvent() {
    joinedAndAvailable();
    assertThat(health.grace()).isEqualTo(Duration.ofSeconds(3 * 60));

    c.advance(Duration.ofSeconds(100));
    assertThat(health.leaseTimeLeft()).isEqualTo(Duration.ofSeconds(80));
    health.expireLeaseIfDue();
    assertThat(health.isUnknown()).isFalse();

    c.advance(Duration.ofSeconds(80));
    assertThat(health.leaseTimeLeft()).isZero();
    health.expireLeaseIfDue();

    Condition available = available();
    assertThat(available.getStatus()).isEqualTo(Conditions.UNKNOWN);
    assertThat(available.getReason()).isEqualTo("ManagedClusterLeaseUpdateStopped");
    assertThat(c.state.events).extracting(ClusterEvent::reason).contains("ClusterUnreachable");
    assertThat(health.leaseTimeLeft()).as("no lease counts once Unknown").isNull();
  }

  @Test
  void theAgentReturningAfterItsLeaseRanOutIsRecordedAsAvailableAgain() {
    joinedAndAvailable();
    c.advance(Duration.ofMinutes(4));
    health.expireLeaseIfDue();

    assertThat(health.renew(new LeaseRenewal("sha256:one", true, null))).isTrue();

    assertThat(available().getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(c.state.events)
        .last()
        .extracting(ClusterEvent::reason)
        .isEqualTo("ClusterAvailable");
  }

  /** The clock check: a skew under the lease grace is in sync, unless the check is switched off. */
  @ParameterizedTest(name = "agent {0}s off, skip={1}: {2}")
  @CsvSource({
    "0,    false, True",
    "179,  false, True",
    "180,  false, False",
    "-3600, false, False",
    "3600, true,  ''"
  })
  void theClockIsInSyncWithinTheLeaseGrace(long offSeconds, boolean skip, String synced) {
    joinedAndAvailable();
    if (skip) {
      c.cluster().getMetadata().setAnnotations(Map.of(ClusterHealth.SKIP_CLOCK_CHECK, "true"));
    }
    long agentTime = c.now().plusSeconds(offSeconds).toEpochMilli();

    health.renew(new LeaseRenewal("sha256:one", true, null, agentTime));

    assertThat(
            Conditions.find(
                    c.cluster().getStatus().getConditions(), ClusterHealth.CONDITION_CLOCK_SYNCED)
                .map(Condition::getStatus)
                .orElse(""))
        .isEqualTo(synced);
  }

  @Test
  void anOperatorsTaintIsStampedWhenAddedKeepsItsTimeAndCannotReplaceTheHubsOwn() {
    health.syncTaints();
    ManagedClusterSpec proposed = new ManagedClusterSpec();
    proposed.setTaints(
        List.of(
            new Taint("maintenance", "true", "NoSelect", "1999-01-01T00:00:00Z"),
            new Taint(BuiltInTaints.UNAVAILABLE, null, "NoSelect", null)));

    health.stampTaints(c.cluster().getSpec().getTaints(), proposed);

    assertThat(proposed.getTaints())
        .containsExactly(
            new Taint(BuiltInTaints.UNREACHABLE, null, "NoSelect", T0.toString()),
            new Taint("maintenance", "true", "NoSelect", T0.toString()));

    c.advance(Duration.ofMinutes(1));
    ManagedClusterSpec again = new ManagedClusterSpec();
    again.setTaints(List.of(new Taint("maintenance", "true", "NoSelect", null)));
    health.stampTaints(proposed.getTaints(), again);
    assertThat(again.getTaints())
        .extracting(Taint::key, Taint::timeAdded)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BuiltInTaints.UNREACHABLE, T0.toString()),
            org.assertj.core.groups.Tuple.tuple("maintenance", T0.toString()));
  }

  /** An accepted cluster whose agent confirmed its join just now. */
  private void joinedAndAvailable() {
    c.state.agentIdentity = "sha256:one";
    c.cluster().getSpec().setHubAcceptsClient(true);
    c.state.joinConfirmed = true;
    health.agentConfirmed(c.now());
  }

  private Condition available() {
    return Conditions.find(
            c.cluster().getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)
        .orElseThrow();
  }
}
