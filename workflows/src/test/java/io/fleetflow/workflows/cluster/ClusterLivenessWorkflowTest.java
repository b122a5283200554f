package io.fleetflow.workflows.cluster;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.hub.liveness.ClusterLivenessActivities;
import io.fleetflow.activities.hub.liveness.WatchedCluster;
import io.fleetflow.model.cluster.BuiltInTaints;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * At the default lease an idle cluster's agent is found alive by its polls and reads its standing
 * from the execution's memo: the cluster's workflow does nothing for hours, a stopped agent still
 * makes the cluster Unknown within the grace, and a cluster on a short lease goes back to renewals.
 */
class ClusterLivenessWorkflowTest {
  private static final Set<EventType> ACTIONS =
      Set.of(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
          EventType.EVENT_TYPE_TIMER_STARTED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          EventType.EVENT_TYPE_MARKER_RECORDED,
          EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);

  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    AgentActivities agent = hub.agentFor("cluster1");
    when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
    hub.start();
    hub.join(Fixtures.join("cluster1", "sha256:one"));
    change(spec -> spec.setHubAcceptsClient(true));
    hub.env().sleep(Duration.ofSeconds(1));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void anIdleClusterCostsItsWorkflowNothingForAnHour() {
    hub.env().sleep(Duration.ofMinutes(1));
    int before = history().size();

    hub.env().sleep(Duration.ofHours(1));

    List<HistoryEvent> added = history().subList(before, history().size());
    assertThat(added).filteredOn(e -> ACTIONS.contains(e.getEventType())).isEmpty();
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.TRUE);
  }

  @Test
  void theClusterSaysItsAgentIsWatchedByItsPolls() {
    assertThat(status(ManagedCluster.CONDITION_LIVENESS_BY_POLLS)).isEqualTo(Conditions.TRUE);
    // The default grace (3 leases of 60 s) less one sweep.
    assertThat(watched()).containsExactly(new WatchedCluster("cluster1", 150, true));
  }

  @Test
  void theAgentReadsItsStandingFromTheExecutionWithoutAQuery() {
    assertThat(standing()).isEqualTo(new AgentStanding(AgentStanding.FULL, "sha256:one", 60, true));

    change(spec -> spec.setLeaseDurationSeconds(20));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(standing())
        .isEqualTo(new AgentStanding(AgentStanding.FULL, "sha256:one", 20, false));

    change(spec -> spec.setHubAcceptsClient(false));
    hub.env().sleep(Duration.ofSeconds(1));
    assertThat(standing().access()).isEqualTo(AgentStanding.NONE);
  }

  @Test
  void aStoppedAgentIsFoundWithinTheGraceAndAReturningOneWithinASweep() {
    hub.agentStopsPolling("cluster1");

    hub.env().sleep(Duration.ofSeconds(140));
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.TRUE);

    hub.env().sleep(Duration.ofSeconds(45));
    ManagedCluster lost = hub.cluster("cluster1").get();
    assertThat(
            Conditions.reasonOf(
                lost.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE))
        .isEqualTo("ManagedClusterLeaseUpdateStopped");
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.UNKNOWN);
    assertThat(lost.getSpec().getTaints())
        .extracting(Taint::key)
        .containsExactly(BuiltInTaints.UNREACHABLE);
    assertThat(hub.cluster("cluster1").events())
        .extracting(ClusterEvent::reason)
        .contains("ClusterUnreachable");

    hub.agentPollsAgain("cluster1");
    hub.env().sleep(ClusterLivenessWorkflowImpl.SWEEP_EVERY.plusSeconds(1));

    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.TRUE);
    assertThat(hub.cluster("cluster1").get().getSpec().getTaints()).isEmpty();
    assertThat(watched()).containsExactly(new WatchedCluster("cluster1", 150, true));
  }

  @Test
  void aTemporalRestartThatForgetsThePollersFindsNoAgentGoneBeforeItsAllowance() {
    // The server comes back knowing no poller of the cluster's queue, and the agent, backing off
    // after the outage, has not polled yet: the hub still has the poll it saw at its last sweep.
    hub.agentStopsPolling("cluster1");
    hub.temporalForgetsThePollsOf("cluster1");

    hub.env().sleep(Duration.ofSeconds(100));
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.TRUE);
    assertThat(hub.cluster("cluster1").get().getSpec().getTaints()).isEmpty();

    // An agent that never comes back is still found gone within the grace of its last poll.
    hub.env().sleep(Duration.ofSeconds(85));
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.UNKNOWN);

    hub.agentPollsAgain("cluster1");
    hub.env().sleep(ClusterLivenessWorkflowImpl.SWEEP_EVERY.plusSeconds(1));
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.TRUE);
  }

  @Test
  void aShortLeaseGoesBackToRenewalsWithOneOldLeaseToSpare() {
    change(spec -> spec.setLeaseDurationSeconds(20));
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(status(ManagedCluster.CONDITION_LIVENESS_BY_POLLS)).isEqualTo(Conditions.FALSE);
    assertThat(watched()).isEmpty();
    // The agent reads the condition at its next look (one old lease), then renews every 20 s;
    // without a renewal the grace of 60 s runs from there.
    hub.env().sleep(Duration.ofSeconds(110));
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.TRUE);
    hub.env().sleep(Duration.ofSeconds(15));
    assertThat(status(ManagedCluster.CONDITION_AVAILABLE)).isEqualTo(Conditions.UNKNOWN);
  }

  @Test
  void aDeniedClusterLeavesTheWatch() {
    change(spec -> spec.setHubAcceptsClient(false));
    hub.env().sleep(Duration.ofSeconds(1));

    assertThat(watched()).isEmpty();
    assertThat(status(ManagedCluster.CONDITION_LIVENESS_BY_POLLS)).isEqualTo(Conditions.FALSE);
  }

  private void change(Consumer<io.fleetflow.model.cluster.ManagedClusterSpec> edit) {
    ManagedCluster proposed = hub.cluster("cluster1").get();
    proposed.getMetadata().setResourceVersion(null);
    edit.accept(proposed.getSpec());
    hub.cluster("cluster1").apply(proposed, ADMIN);
  }

  private String status(String type) {
    return Conditions.statusOf(hub.cluster("cluster1").get().getStatus().getConditions(), type);
  }

  private List<WatchedCluster> watched() {
    return hub.client()
        .newWorkflowStub(ClusterLivenessWorkflow.class, ClusterLivenessActivities.WORKFLOW_ID)
        .watched();
  }

  private AgentStanding standing() {
    return hub.client()
        .newUntypedWorkflowStub("ManagedCluster/cluster1")
        .describe()
        .getMemo(AgentStanding.MEMO, AgentStanding.class, AgentStanding.class);
  }

  private List<HistoryEvent> history() {
    return hub.client().fetchHistory("ManagedCluster/cluster1").getEvents();
  }
}
