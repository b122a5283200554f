package io.fleetflow.workflows.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.takeover.Takeover;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The standing a ManagedCluster publishes for its agent, from the cluster as it stands. */
class AgentStandingTest {

  static Stream<Arguments> clusters() {
    return Stream.of(
        Arguments.of("pending", cluster(false, null, 0, false), AgentStanding.NONE, 60, false),
        Arguments.of("accepted", cluster(true, null, 0, false), AgentStanding.FULL, 60, false),
        Arguments.of(
            "accepted, alive by its polls",
            cluster(true, null, 0, true),
            AgentStanding.FULL,
            60,
            true),
        Arguments.of(
            "accepted on a short lease",
            cluster(true, null, 20, false),
            AgentStanding.FULL,
            20,
            false),
        Arguments.of(
            "denied while its release runs",
            cluster(false, Takeover.REASON_RELEASING, 0, false),
            AgentStanding.RELEASE,
            60,
            false),
        Arguments.of(
            "pending and being deleted",
            deleting(cluster(false, null, 0, false)),
            AgentStanding.RELEASE,
            60,
            false),
        Arguments.of(
            "denied and released",
            cluster(false, "Released", 0, false),
            AgentStanding.NONE,
            60,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusters")
  void theStandingFollowsTheCluster(
      String scenario, ManagedCluster cluster, String access, int lease, boolean byPolls) {
    AgentStanding standing = AgentStanding.of(cluster, "sha256:one");

    assertThat(standing).isEqualTo(new AgentStanding(access, "sha256:one", lease, byPolls));
    assertThat(standing.takesWork()).isEqualTo(!access.equals(AgentStanding.NONE));
  }

  @Test
  void noClusterYetHasNoStanding() {
    assertThat(AgentStanding.of(null, "sha256:one")).isNull();
  }

  private static ManagedCluster cluster(
      boolean accepted, String takenOverReason, int leaseSeconds, boolean byPolls) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.getSpec().setHubAcceptsClient(accepted);
    if (leaseSeconds > 0) {
      cluster.getSpec().setLeaseDurationSeconds(leaseSeconds);
    }
    List<Condition> conditions = new ArrayList<>();
    if (takenOverReason != null) {
      conditions.add(condition(Takeover.CONDITION_TAKEN_OVER, "False", takenOverReason));
    }
    if (byPolls) {
      conditions.add(condition(ManagedCluster.CONDITION_LIVENESS_BY_POLLS, "True", "Polling"));
    }
    cluster.getStatus().setConditions(conditions);
    return cluster;
  }

  private static ManagedCluster deleting(ManagedCluster cluster) {
    cluster.getMetadata().setDeletionTimestamp("2026-12-07T00:00:00Z");
    return cluster;
  }

  private static Condition condition(String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
  }
}
