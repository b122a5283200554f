package io.fleetflow.workflows.takeover;

import static io.fleetflow.workflows.Fixtures.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.DefaultTakeoverProfile;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.workflows.Fixtures;
import io.fleetflow.workflows.HubTestEnvironment;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A profile change is told to every cluster once per generation, and only for the default. */
@org.junit.jupiter.api.Timeout(120)
class ClusterTakeoverProfileWorkflowTest {
  private HubTestEnvironment hub;

  @BeforeEach
  void startHub() {
    hub = new HubTestEnvironment();
    when(hub.takeover().notifyClusters(anyLong())).thenReturn(7);
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void everyGenerationIsToldToTheClustersOnce() {
    ClusterTakeoverProfileWorkflow profile = create(DefaultTakeoverProfile.load());
    hub.env().sleep(Duration.ofSeconds(1));
    verify(hub.takeover()).notifyClusters(1);

    hub.env().sleep(Duration.ofMinutes(1));
    verify(hub.takeover(), times(1)).notifyClusters(anyLong());

    profile.apply(Fixtures.withoutFirstResource(profile.get()), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));

    verify(hub.takeover()).notifyClusters(2);
    ClusterTakeoverProfile shown = profile.get();
    assertThat(shown.getStatus().getObservedGeneration()).isEqualTo(2);
    assertThat(shown.getStatus().getNotifiedClusters()).isEqualTo(7);
    assertThat(shown.getStatus().getConditions())
        .anyMatch(
            c ->
                c.getType().equals(ClusterTakeoverProfile.CONDITION_NOTIFIED)
                    && c.getStatus().equals(Conditions.TRUE));
  }

  @Test
  void anIdleProfileSleepsUntilItChanges() {
    ClusterTakeoverProfileWorkflow profile = create(DefaultTakeoverProfile.load());
    hub.env().sleep(Duration.ofSeconds(1));
    long tasks = workflowTasks();

    // Ten idle minutes: the profile used to wake thirty times in that time to find nothing to do.
    hub.env().sleep(Duration.ofMinutes(10));
    assertThat(workflowTasks()).isEqualTo(tasks);

    profile.apply(Fixtures.withoutFirstResource(profile.get()), ADMIN);
    hub.env().sleep(Duration.ofSeconds(1));
    verify(hub.takeover()).notifyClusters(2);
  }

  private long workflowTasks() {
    return hub
        .client()
        .fetchHistory(
            TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE.workflowId(
                null, ClusterTakeoverProfile.DEFAULT))
        .getEvents()
        .stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        .count();
  }

  @Test
  void aProfileWithAnotherNameIsKeptButNotRolledOut() {
    ClusterTakeoverProfile other = DefaultTakeoverProfile.load();
    other.getMetadata().setName("draft");
    ClusterTakeoverProfileWorkflow profile = create(other);
    hub.env().sleep(Duration.ofSeconds(1));

    verify(hub.takeover(), times(0)).notifyClusters(anyLong());
    assertThat(profile.get().getStatus().getConditions())
        .anyMatch(c -> c.getReason().equals("NotInUse"));
  }

  private ClusterTakeoverProfileWorkflow create(ClusterTakeoverProfile profile) {
    return hub.createTakeoverProfile(profile, ADMIN);
  }
}
