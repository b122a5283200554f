package io.fleetflow.workflows.replay;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.cluster.JoinResponse;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflow;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of the changes that let a fleet join at once: a first join answered after
 * the auto-approval rules saw it (version 1 of "join-awaits-auto-approval"), objects that tell
 * placements of their changes in the background (version 1 of "notify-placements-in-background"),
 * and a takeover that installs its profile in one agent call (version 1 of "install-in-one-batch"),
 * as {@link HistoryRecorder} does for the other scenarios (its rules apply: a recorded file is
 * never recorded again).
 */
@EnabledIfSystemProperty(named = "fleetflow.recordHistories", matches = "true")
class FleetJoinHistoryRecorder {
  @Test
  void recordAClusterWhoseFirstJoinIsAnsweredAcceptedByARule() throws IOException {
    try (HubTestEnvironment hub = HistoryRecorder.autoApprovingHub()) {
      JoinResponse answer = hub.join(Fixtures.join("cluster1", "sha256:one"));
      assertThat(answer.accepted()).as("the rule's decision is in the join's answer").isTrue();
      ManagedClusterWorkflow workflow = hub.cluster("cluster1");
      hub.env().sleep(Duration.ofSeconds(5));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write(
          "managedcluster-join-answered-after-auto-approval.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordATakeoverThatInstallsItsProfileInOneAgentCall() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      AgentActivities agent = hub.agentFor("cluster1");
      when(agent.describeCluster()).thenReturn(Fixtures.clusterInfo("cluster1"));
      HistoryRecorder.takeoverProfile(hub, HistoryRecorder.TWO_RESOURCES);
      hub.start();
      ManagedClusterWorkflow workflow = HistoryRecorder.startCluster(hub, "cluster1", "sha256:one");
      HistoryRecorder.decide(workflow, true);
      hub.env().sleep(Duration.ofSeconds(10));
      HistoryRecorder.write(
          "clustertakeover-install-in-one-batch.json", hub, "ManagedCluster/cluster1/takeover");
    }
  }

  @Test
  void recordAClusterThatTellsPlacementsInTheBackgroundAndAwaitsItsDeletionsNotice()
      throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      ManagedClusterWorkflow workflow = HistoryRecorder.acceptedCluster(hub);
      hub.env().sleep(Duration.ofSeconds(5));
      for (String env : new String[] {"prod", "staging"}) {
        ManagedCluster labelled = workflow.get();
        labelled.getMetadata().getLabels().put("env", env);
        labelled.getMetadata().setResourceVersion(null);
        workflow.apply(labelled, ADMIN);
      }
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write(
          "managedcluster-notifies-placements-in-background.json", hub, "ManagedCluster/cluster1");
    }
  }

  @Test
  void recordASetThatTellsPlacementsOfItsChangeAndItsDeletion() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.start();
      ManagedClusterSetWorkflow workflow = hub.createClusterSet(Fixtures.clusterSet("prod"), ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      ManagedClusterSet labelled = workflow.get();
      labelled.getMetadata().setLabels(Map.of("tier", "gold"));
      workflow.apply(labelled, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write(
          "managedclusterset-notifies-placements-change-delete.json",
          hub,
          "ManagedClusterSet/prod");
    }
  }
}
