package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.TakeoverProfiles;
import io.fleetflow.model.takeover.TakeoverResources;
import io.fleetflow.simulator.SimulatedCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent killed with SIGKILL in the middle of an install, three times at random steps, each time
 * started again: the install ends with every resource of the profile on the cluster exactly as the
 * profile says, and each was written once. The cluster lives in the test, outside the killed agent
 * (as a real cluster outlives its agent's pod), and counts every write its API receives.
 */
class TakeoverAgentCrashE2ETest {
  private static final String CLUSTER = "agentcrash1";
  private static final String STATE = "agentcrash1-state";

  private static Fleet fleet;
  private static Kubectl kubectl;
  private static SimulatedCluster cluster;
  private static Path kubeconfig;

  @BeforeAll
  static void startFleetWithAClusterOfItsOwn() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    fleet = Fleet.start("takeover-agent-crash");
    kubectl = fleet.kubectl();
    Fleet.HostedCluster hosted = fleet.hostCluster(CLUSTER);
    cluster = hosted.cluster();
    // At full speed the install of a restarted agent can finish between two polls of its
    // progress (the full suite saw it once), and the next kill would come after it: each write
    // waits a little, so every third of the install lasts long enough to be caught.
    cluster.delayWrites(Duration.ofMillis(150));
    kubeconfig = hosted.kubeconfig();
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void anAgentKilledThreeTimesDuringAnInstallWritesEachResourceOnceAsTheProfileSays() {
    List<GenericKubernetesResource> profile = TakeoverProfiles.defaultProfile(kubectl);
    ManagedProcess agent = fleet.startAgentOn(CLUSTER, kubeconfig, STATE);
    kubectl.acceptWhenJoined(CLUSTER);

    int total = profile.size();
    List<Integer> killedAt = new ArrayList<>();
    for (int third = 0; third < 3; third++) {
      // One kill in each third of the install, at a random step of it, but never at the last
      // step: the install's last write is over within a poll or two, and a kill that comes after
      // it tests nothing (the full suite saw it once the restarted agent was back sooner).
      int from = 1 + third * total / 3;
      int to = Math.min((third + 1) * total / 3, total - 1);
      int step = ThreadLocalRandom.current().nextInt(from, to + 1);
      killedAt.add(awaitCreated(profile, step));
      agent.kill9();
      System.out.println(
          "agent of "
              + CLUSTER
              + " killed after "
              + killedAt.getLast()
              + "/"
              + total
              + " creations");
      agent.start();
    }

    await(CLUSTER + " taken over after three crashes of its agent")
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                "True"
                    .equals(
                        kubectl.condition(
                            "managedcluster", CLUSTER, "fleetflow.io/TakenOver", "status")));

    assertThat(killedAt)
        .as("each kill came while the install was under way")
        .hasSize(3)
        .allSatisfy(created -> assertThat(created).isLessThan(total));
    assertThat(TakeoverProfiles.differences(cluster.client(), profile)).isEmpty();
    for (GenericKubernetesResource resource : profile) {
      String path = TakeoverProfiles.objectPath(resource);
      String key = TakeoverResources.key(resource);
      assertThat(cluster.writes("POST", path)).as("creations of " + key).isEqualTo(1);
      assertThat(cluster.writes("PUT", path) + cluster.writes("PATCH", path))
          .as("updates of " + key)
          .isZero();
      assertThat(cluster.writes("DELETE", path)).as("deletions of " + key).isZero();
    }
  }

  /**
   * Polls the cluster's count of creations of the profile's objects (the install's one agent call
   * creates them in order) and returns it once it has reached the given count, or gone past it
   * should the poll miss it.
   */
  private static int awaitCreated(List<GenericKubernetesResource> profile, int step) {
    int[] seen = new int[1];
    await("the install creates its object " + step)
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              seen[0] =
                  profile.stream()
                      .mapToInt(r -> cluster.writes("POST", TakeoverProfiles.objectPath(r)))
                      .sum();
              return seen[0] >= step;
            });
    return seen[0];
  }
}
