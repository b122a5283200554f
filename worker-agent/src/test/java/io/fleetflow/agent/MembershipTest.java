package io.fleetflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.takeover.Takeover;
import io.fleetflow.workflows.cluster.AgentStanding;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an agent makes of the standing its ManagedCluster publishes (or of the object itself, for a
 * run from before standings), and whether it stops taking work on it. The row that matters most is
 * the last: a hub killed during a release answers no query until it is back, and the agent must
 * still be polling then, or the resumed release waits for tasks nobody takes.
 */
class MembershipTest {

  static Stream<Arguments> readings() {
    return Stream.of(
        Arguments.of("accepted", Membership.of(cluster(true, null)), Membership.ACCEPTED, false),
        Arguments.of(
            "denied while the hub releases it",
            Membership.of(cluster(false, Takeover.REASON_RELEASING)),
            Membership.ACCEPTED,
            false),
        Arguments.of(
            "denied and released",
            Membership.of(cluster(false, "Released")),
            Membership.PENDING,
            true),
        Arguments.of("pending", Membership.of(cluster(false, null)), Membership.PENDING, true),
        Arguments.of("not written yet", Membership.of(null), Membership.PENDING, true),
        Arguments.of(
            "being deleted: the release runs on the agent first",
            Membership.of(deleting(cluster(false, null))),
            Membership.ACCEPTED,
            false),
        Arguments.of(
            "published standing: accepted",
            Membership.from(standing(AgentStanding.FULL)),
            Membership.ACCEPTED,
            false),
        Arguments.of(
            "published standing: releasing",
            Membership.from(standing(AgentStanding.RELEASE)),
            Membership.ACCEPTED,
            false),
        Arguments.of(
            "published standing: pending, denied or released",
            Membership.from(standing(AgentStanding.NONE)),
            Membership.PENDING,
            true),
        Arguments.of("removed", Membership.GONE, Membership.GONE, true),
        Arguments.of("hub not answering", Membership.UNKNOWN, Membership.UNKNOWN, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readings")
  void aReadingSaysWhetherTheAgentStopsTakingWork(
      String scenario, Membership read, Membership expected, boolean stops) {
    assertThat(read).isEqualTo(expected);
    assertThat(read.stopsWork()).isEqualTo(stops);
  }

  private static ManagedCluster deleting(ManagedCluster cluster) {
    cluster.getMetadata().setDeletionTimestamp("2026-12-07T06:00:00Z");
    return cluster;
  }

  private static AgentStanding standing(String access) {
    return new AgentStanding(access, "sha256:one", 60, true);
  }

  private static ManagedCluster cluster(boolean accepted, String takenOverReason) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.getSpec().setHubAcceptsClient(accepted);
    if (takenOverReason != null) {
      cluster
          .getStatus()
          .setConditions(
              List.of(
                  new ConditionBuilder()
                      .withType(Takeover.CONDITION_TAKEN_OVER)
                      .withStatus("False")
                      .withReason(takenOverReason)
                      .build()));
    }
    return cluster;
  }
}
