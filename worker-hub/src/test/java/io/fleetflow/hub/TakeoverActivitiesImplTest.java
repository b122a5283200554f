package io.fleetflow.hub;

import static io.fleetflow.hub.HubActivitiesEnvironment.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.activities.hub.GeneratedWorkActivities.GeneratedWork;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.WorkKinds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A release reaches a cluster's works through their own updates: a work that is already gone is no
 * failure, and one told to orphan ends without an agent call.
 */
class TakeoverActivitiesImplTest {
  private static final Actor RELEASE = Actor.system("release", "cluster1 is denied");

  private HubActivitiesEnvironment hub;
  private TakeoverActivitiesImpl takeover;

  @BeforeEach
  void startHub() {
    hub = new HubActivitiesEnvironment();
    // The in-process server lists no workflows, so no replica set holds works here.
    takeover = new TakeoverActivitiesImpl(hub.entities(), cluster -> List.of());
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aProfileThatDoesNotExistIsNone() {
    assertThat(takeover.profile("default")).isNull();
  }

  @Test
  void deletingAWorkStartsItsDeletionAndAGoneOneIsNoFailure() {
    work("hello");

    takeover.deleteManifestWork(CLUSTER, "hello", RELEASE);
    takeover.deleteManifestWork(CLUSTER, "never-was", RELEASE);

    hub.env().sleep(Duration.ofSeconds(10));
    assertThat(hub.entities().entity(WorkKinds.MANIFEST_WORK, CLUSTER, "hello").exists()).isFalse();
  }

  @Test
  void aWorkToldToOrphanEndsAndAGoneOneIsNoFailure() {
    work("hello");

    takeover.orphanManifestWork(CLUSTER, "hello", "forced release", RELEASE);
    takeover.orphanManifestWork(CLUSTER, "never-was", "forced release", RELEASE);

    hub.env().sleep(Duration.ofSeconds(10));
    assertThat(hub.entities().entity(WorkKinds.MANIFEST_WORK, CLUSTER, "hello").find()).isEmpty();
  }

  @Test
  void theCleanupPriorityFollowsOcmsRule() {
    assertThat(TakeoverActivitiesImpl.priority(null)).isEqualTo(-1);
    assertThat(
            TakeoverActivitiesImpl.priority(Map.of(TakeoverActivitiesImpl.CLEANUP_PRIORITY, "7")))
        .isEqualTo(7);
    assertThat(
            TakeoverActivitiesImpl.priority(Map.of(TakeoverActivitiesImpl.CLEANUP_PRIORITY, "101")))
        .isEqualTo(-1);
    assertThat(
            TakeoverActivitiesImpl.priority(Map.of(TakeoverActivitiesImpl.CLEANUP_PRIORITY, "x")))
        .isEqualTo(-1);
  }

  private ManifestWork work(String name) {
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(
        new ManifestWorkSpec.Workload(List.of(HubActivitiesEnvironment.configMap(name))));
    new GeneratedWorkActivitiesImpl(hub.entities())
        .apply(new GeneratedWork(CLUSTER, name, Map.of(), Map.of(), spec, 1, RELEASE));
    hub.env().sleep(Duration.ofSeconds(2));
    return hub.entities().entity(WorkKinds.MANIFEST_WORK, CLUSTER, name).get();
  }
}
