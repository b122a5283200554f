package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.TakeoverProfiles;
import io.fleetflow.model.takeover.TakeoverResources;
import io.fleetflow.simulator.SimulatedCluster;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern STEP = Pattern.compile("^install .*\\((\\d+)/(\\d+)\\)$");

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
    List<String> killedAt = new ArrayList<>();
    for (int third = 0; third < 3; third++) {
      // One kill in each third of the install, at a random step of it, but never at the last
      // step: the install's last write is over within a poll or two, and a kill that comes after
      // it tests nothing (the full suite saw it once the restarted agent was back sooner).
      int from = 1 + third * total / 3;
      int to = Math.min((third + 1) * total / 3, total - 1);
      int step = ThreadLocalRandom.current().nextInt(from, to + 1);
      killedAt.add(awaitStep(step));
      agent.kill9();
      System.out.println("agent of " + CLUSTER + " killed at: " + killedAt.getLast());
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
        .allSatisfy(step -> assertThat(step).matches(STEP));
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
   * Polls the install's progress and returns the step it is on once it has reached the given step
   * (counted from 1), or gone past it should the poll miss it.
   */
  private static String awaitStep(int step) {
    WorkflowStub install =
        fleet.temporal().newUntypedWorkflowStub("ManagedCluster/" + CLUSTER + "/takeover");
    String[] seen = new String[1];
    await("the install reaches step " + step)
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .until(
            () -> {
              seen[0] = install.query("progress", JsonNode.class).path("step").asText();
              Matcher m = STEP.matcher(seen[0]);
              return m.find()
                  ? Integer.parseInt(m.group(1)) >= step
                  : seen[0].contains("installed");
            });
    return seen[0];
  }
}
