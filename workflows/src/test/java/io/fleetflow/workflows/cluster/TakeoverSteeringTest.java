package io.fleetflow.workflows.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.takeover.Takeover;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a cluster's takeover is steered, without Temporal: what an operator's change asks for (a
 * retry, a forced release, another cluster set), when an install or a release is due, and when a
 * cluster whose agent stayed away is removed automatically. The clock is the test's own.
 */
class TakeoverSteeringTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final Actor OLGA = new Actor("olga", List.of("fleetflow:operators"), null);

  private final TestCluster c = new TestCluster(T0);
  private RegistrationPolicy policy = RegistrationPolicy.DEFAULTS;
  private final ClusterHealth health = new ClusterHealth(c.record, () -> policy);
  private final TakeoverSteering steering =
      new TakeoverSteering(c.record, health, () -> policy, () -> {});

  @ParameterizedTest(name = "taken over {0}, retry {1} -> {2}: install pending {3}")
  @CsvSource({
    "true,  ,   1, true",
    "true,  1,  2, true",
    "true,  1,  1, false",
    "false, ,   1, false",
  })
  void aNewRetryValueRetriesATakenOverCluster(
      boolean takenOver, String before, String after, boolean pending) {
    c.state.takeover.takenOver = takenOver;
    annotate(c.cluster(), Takeover.RETRY_ANNOTATION, before);

    steering.steer(proposed(Takeover.RETRY_ANNOTATION, after), OLGA);

    assertThat(c.state.takeover.pending).isEqualTo(pending);
  }

  @Test
  void aForcedReleaseIsRecordedWithWhoAndWhy() {
    c.advance(Duration.ofMinutes(1));

    steering.steer(proposed(Takeover.FORCE_RELEASE_ANNOTATION, "cluster burned down"), OLGA);

    assertThat(c.state.takeover.forced)
        .isEqualTo(
            new TakeoverState.ForcedRelease(
                "olga", "cluster burned down", T0.plus(Duration.ofMinutes(1)).toString()));
  }

  @Test
  void anotherClusterSetReinstallsATakenOverCluster() {
    c.state.takeover.takenOver = true;

    ManagedCluster moved = copy();
    moved.getMetadata().setLabels(Map.of(ManagedClusterSet.SET_LABEL, "blue"));
    steering.steer(moved, OLGA);

    assertThat(c.state.takeover.pending).isTrue();
  }

  @ParameterizedTest(name = "accepted {0}, joined {1}, pending {2}, available {3}: install due {4}")
  @CsvSource({
    "true,  true,  true,  true,  true",
    "false, true,  true,  true,  false",
    "true,  false, true,  true,  false",
    "true,  true,  false, true,  false",
    "true,  true,  true,  false, false",
  })
  void anInstallIsDueForAnAcceptedJoinedAvailableClusterThatWantsOne(
      boolean accepted, boolean joined, boolean pending, boolean available, boolean due) {
    c.cluster().getSpec().setHubAcceptsClient(accepted);
    c.state.joinConfirmed = joined;
    c.state.takeover.pending = pending;
    if (available) {
      health.available(c.now());
    }

    assertThat(steering.installDue()).isEqualTo(due);
  }

  @ParameterizedTest(name = "accepted {0}, taken over {1}: release due {2}")
  @CsvSource({"false, true, true", "true, true, false", "false, false, false"})
  void aReleaseIsDueForADeniedClusterThatWasTakenOver(
      boolean accepted, boolean takenOver, boolean due) {
    c.cluster().getSpec().setHubAcceptsClient(accepted);
    c.state.takeover.takenOver = takenOver;

    assertThat(steering.releaseDue()).isEqualTo(due);
  }

  @Test
  void aClusterWhoseAgentStayedAwayIsRemovedAutomaticallyOnceThePolicySaysSo() {
    policy = new RegistrationPolicy(3600, 3, List.of(), 600);
    c.cluster().getSpec().setHubAcceptsClient(true);
    c.state.joinConfirmed = true;
    c.state.lastLeaseRenewalMillis = T0.toEpochMilli();

    assertThat(steering.autoRemovalIn()).isEqualTo(Duration.ofMinutes(10));
    c.advance(Duration.ofMinutes(9));
    steering.autoRemoveIfDue();
    assertThat(c.cluster().getMetadata().getDeletionTimestamp()).isNull();

    c.advance(Duration.ofMinutes(1));
    steering.autoRemoveIfDue();

    assertThat(c.cluster().getMetadata().getDeletionTimestamp())
        .isEqualTo(T0.plus(Duration.ofMinutes(10)).toString());
    assertThat(c.state.decisions).hasSize(1);
    assertThat(c.state.decisions.get(0).actor().user()).isEqualTo("system:fleetflow:auto-removal");
    assertThat(c.state.takeover.forced.reason()).contains("renewed no lease for more than PT10M");
  }

  @Test
  void withoutAnAutoRemovalPolicyAnAbsentClusterStays() {
    c.cluster().getSpec().setHubAcceptsClient(true);
    c.state.joinConfirmed = true;
    c.state.lastLeaseRenewalMillis = T0.toEpochMilli();

    assertThat(steering.autoRemovalIn()).isNull();
  }

  private ManagedCluster proposed(String annotation, String value) {
    ManagedCluster proposed = copy();
    annotate(proposed, annotation, value);
    return proposed;
  }

  private ManagedCluster copy() {
    ManagedCluster copy = new ManagedCluster();
    copy.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(c.cluster().getMetadata()).build());
    copy.setSpec(c.cluster().getSpec());
    copy.setStatus(c.cluster().getStatus());
    return copy;
  }

  private static void annotate(ManagedCluster cluster, String key, String value) {
    if (value == null) {
      return;
    }
    Map<String, String> annotations =
        cluster.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(cluster.getMetadata().getAnnotations());
    annotations.put(key, value);
    cluster.getMetadata().setAnnotations(annotations);
  }
}
