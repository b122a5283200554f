package io.fleetflow.workflows.replay;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.DefaultTakeoverProfile;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflow;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.fleetflow.workflows.takeover.ClusterTakeoverProfileWorkflow;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of objects that idle: a set that re-checks its members at the placements'
 * pace (version 1 of "set-resync-with-placements") and a takeover profile that sleeps until it
 * changes (version 1 of "profile-sleeps-when-idle"). The same scenarios recorded by the code before
 * either change, which woke every 20 s, are {@code managedclusterset-idle-resync-every-20s.json}
 * and {@code clustertakeoverprofile-idle-every-20s.json}. As for {@link HistoryRecorder}, a
 * recorded file is never recorded again.
 */
@EnabledIfSystemProperty(named = "fleetflow.recordHistories", matches = "true")
class IdleHistoryRecorder {
  /** A set that idles for six minutes, hears that clusters changed, and is deleted. */
  @Test
  void recordASetThatIdlesHearsOfAClusterChangeAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.start();
      ManagedClusterSet set = new ManagedClusterSet();
      set.setMetadata(new ObjectMeta());
      set.getMetadata().setName("prod");
      set.setSpec(new ManagedClusterSetSpec());
      ManagedClusterSetWorkflow workflow = hub.createClusterSet(set, ADMIN);
      hub.env().sleep(Duration.ofMinutes(6));
      workflow.clustersChanged("ManagedCluster c1 changed");
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write(
          "managedclusterset-idle-resync-with-placements.json", hub, "ManagedClusterSet/prod");
    }
  }

  /** The default profile, told to the clusters, idle for two minutes, changed, and deleted. */
  @Test
  void recordAProfileThatIdlesChangesAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      when(hub.takeover().notifyClusters(anyLong())).thenReturn(3);
      hub.start();
      ClusterTakeoverProfile profile = DefaultTakeoverProfile.load();
      ClusterTakeoverProfileWorkflow workflow =
          hub.client()
              .newWorkflowStub(
                  ClusterTakeoverProfileWorkflow.class,
                  EntityWorkflowOptions.forObject(
                      TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE,
                      null,
                      profile.getMetadata().getName()));
      WorkflowClient.executeUpdateWithStart(
          workflow::create,
          profile,
          ADMIN,
          UpdateOptions.<ClusterTakeoverProfile>newBuilder()
              .setWaitForStage(WorkflowUpdateStage.COMPLETED)
              .build(),
          new WithStartWorkflowOperation<>(workflow::run, (ClusterTakeoverProfile) null));
      hub.env().sleep(Duration.ofMinutes(2));
      ClusterTakeoverProfile changed = workflow.get();
      changed.getMetadata().setResourceVersion(null);
      changed.getSpec().getResources().remove(0);
      workflow.apply(changed, ADMIN);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write(
          "clustertakeoverprofile-idle-sleeps.json",
          hub,
          TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE.workflowId(
              null, profile.getMetadata().getName()));
    }
  }
}
