package io.fleetflow.workflows.replay;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.DefaultTakeoverProfile;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.fleetflow.workflows.clusterset.ManagedClusterSetBindingWorkflow;
import io.fleetflow.workflows.clusterset.ManagedClusterSetWorkflow;
import io.fleetflow.workflows.takeover.ClusterTakeoverProfileWorkflow;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories of objects that idle: a set that re-checks its members at the placements'
 * pace (version 1 of "set-resync-with-placements") and tells its bindings when it comes and goes
 * ("tell-bindings"), a binding that waits for those notices ("binding-told-by-set"), and a takeover
 * profile that sleeps until it changes (version 1 of "profile-sleeps-when-idle"). The same
 * scenarios recorded by the code before either change, which woke every 20 s, are {@code
 * managedclusterset-idle-resync-every-20s.json} and {@code
 * clustertakeoverprofile-idle-every-20s.json}. As for {@link HistoryRecorder}, a recorded file is
 * never recorded again.
 */
@EnabledIfSystemProperty(named = "fleetflow.recordHistories", matches = "true")
class IdleHistoryRecorder {
  /** A set that idles for six minutes, hears that clusters changed, and is deleted. */
  @Test
  void recordASetThatIdlesHearsOfAClusterChangeAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.start();
      ManagedClusterSetWorkflow workflow = hub.createClusterSet(Fixtures.clusterSet("prod"), ADMIN);
      hub.env().sleep(Duration.ofMinutes(6));
      workflow.clustersChanged("ManagedCluster c1 changed");
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write(
          "managedclusterset-idle-resync-with-placements.json", hub, "ManagedClusterSet/prod");
    }
  }

  /**
   * A set that tells its bindings it exists, idles, and tells them it is going (version 1 of
   * "tell-bindings").
   */
  @Test
  void recordASetThatTellsItsBindingsWhenItComesAndGoes() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      when(hub.inventory().tellBindings(anyString(), anyBoolean())).thenReturn(2);
      hub.start();
      ManagedClusterSetWorkflow workflow = hub.createClusterSet(Fixtures.clusterSet("prod"), ADMIN);
      hub.env().sleep(Duration.ofMinutes(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write("managedclusterset-tells-bindings.json", hub, "ManagedClusterSet/prod");
    }
  }

  /**
   * A binding whose set is missing, idle for six minutes, then told by its set that it exists, and
   * deleted: since version 1 of "binding-told-by-set". The code before, which looked every 20 s and
   * had no notice, recorded the same without the notice in {@code
   * managedclustersetbinding-idle-every-20s.json}.
   */
  @Test
  void recordABindingThatIdlesIsToldItsSetExistsAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      hub.start();
      ManagedClusterSetBindingWorkflow workflow =
          hub.createBinding(Fixtures.binding("apps", "prod"), ADMIN);
      hub.env().sleep(Duration.ofMinutes(6));
      workflow.clusterSetChanged(true);
      hub.env().sleep(Duration.ofSeconds(1));
      workflow.delete(ADMIN);
      WorkflowStub.fromTyped(workflow).getResult(Void.class);
      HistoryRecorder.write(
          "managedclustersetbinding-told-by-set.json", hub, "ManagedClusterSetBinding/apps/prod");
    }
  }

  /** The default profile, told to the clusters, idle for two minutes, changed, and deleted. */
  @Test
  void recordAProfileThatIdlesChangesAndIsDeleted() throws IOException {
    try (HubTestEnvironment hub = new HubTestEnvironment()) {
      when(hub.takeover().notifyClusters(anyLong())).thenReturn(3);
      hub.start();
      ClusterTakeoverProfile profile = DefaultTakeoverProfile.load();
      ClusterTakeoverProfileWorkflow workflow = hub.createTakeoverProfile(profile, ADMIN);
      hub.env().sleep(Duration.ofMinutes(2));
      workflow.apply(Fixtures.withoutFirstResource(workflow.get()), ADMIN);
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
