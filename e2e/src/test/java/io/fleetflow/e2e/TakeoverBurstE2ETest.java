package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.ManagedProcess;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.e2e.support.TakeoverProfiles;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.takeover.Takeover;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A burst of short-lived clusters handled without a person, as teams that add clusters for a
 * peak-traffic event need: 100 simulated clusters (one fleet JVM) join together, an auto-approval
 * rule on their claims accepts them, each gets the default takeover profile on its own API server;
 * then every agent stops, and the hub, after the configured agent-gone time, releases each cluster
 * (forced, since nothing answers: what was installed is orphaned and named) and removes it. Each
 * decision, the acceptance and the removal, is in the cluster's history.
 */
@ResourceLock(Fleet.MANY_CLUSTERS)
class TakeoverBurstE2ETest {
  private static final int CLUSTERS = Integer.getInteger("fleetflow.burst.clusters", 100);

  /**
   * Two missed leases (two minutes at the default 60 s lease) make a cluster Unknown; after as long
   * without a lease the hub removes it. The defaults (three leases, no removal) are for clusters
   * that live long.
   */
  private static final Duration AGENT_GONE = Duration.ofMinutes(2);

  private static final List<String> HUB_SETTINGS =
      Stream.concat(
              Placements.AUTO_APPROVE_SIMULATED.stream(),
              Stream.of(
                  "--fleetflow.registration.lease-grace-multiplier=2",
                  "--fleetflow.registration.auto-removal-after=" + AGENT_GONE.toSeconds() + "s"))
          .toList();

  @Test
  void aBurstOfClustersIsTakenOverAndLaterReleasedAndRemovedWithoutAPerson() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl reads the hub's profile");
    List<String> names = IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "burst" + i).toList();
    try (Fleet fleet = Fleet.start("takeover-burst", HUB_SETTINGS);
        KubernetesClient hub = fleet.gatewayClient("admin")) {
      List<GenericKubernetesResource> profile = TakeoverProfiles.defaultProfile(fleet.kubectl());
      ManagedProcess agents = fleet.startAgentFleet(names);

      await("all " + CLUSTERS + " clusters taken over")
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> takenOver(hub).size() == CLUSTERS);
      for (ManagedCluster cluster : takenOver(hub)) {
        assertThat(condition(cluster, ManagedCluster.CONDITION_HUB_ACCEPTED).getMessage())
            .as("%s accepted by the rule", cluster.getMetadata().getName())
            .contains("system:fleetflow:auto-approval")
            .contains("auto-approval rule \"simulated\"");
      }
      Map<String, List<String>> wrong = new TreeMap<>();
      names.parallelStream()
          .forEach(
              name -> {
                try (KubernetesClient api = fleet.clusterClient(name, "fleet-state")) {
                  List<String> differences = TakeoverProfiles.differences(api, profile);
                  if (!differences.isEmpty()) {
                    synchronized (wrong) {
                      wrong.put(name, differences);
                    }
                  }
                }
              });
      assertThat(wrong).as("clusters whose API differs from the profile").isEmpty();

      Instant stopped = Instant.now();
      agents.close();
      await("every cluster released and removed after its agent was gone for " + AGENT_GONE)
          .atMost(AGENT_GONE.plusMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> burst(hub).isEmpty());

      assertEveryDecisionIsInHistory(fleet.temporal(), names, stopped, profile.size());
    }
  }

  /**
   * Each cluster's history says who accepted it (the rule) and who removed it (the hub, not before
   * its agent was gone long enough), and its release child names the orphaned resources and why.
   */
  private static void assertEveryDecisionIsInHistory(
      WorkflowClient temporal, List<String> names, Instant stopped, int resources) {
    // The last lease renewal came at most one lease before the agents stopped.
    Instant earliest =
        stopped.plus(AGENT_GONE).minusSeconds(ManagedCluster.DEFAULT_LEASE_DURATION_SECONDS);
    Map<String, String> problems = new ConcurrentHashMap<>();
    names.parallelStream()
        .forEach(
            name -> {
              try {
                JsonNode events =
                    temporal
                        .newUntypedWorkflowStub("ManagedCluster/" + name)
                        .query("events", JsonNode.class);
                JsonNode accepted = find(events, "ClusterAccepted");
                JsonNode removed = find(events, "ClusterRemovedAutomatically");
                JsonNode release =
                    temporal
                        .newUntypedWorkflowStub("ManagedCluster/" + name + "/release")
                        .getResult(JsonNode.class);
                List<String> wrong = new ArrayList<>();
                if (accepted == null
                    || !accepted
                        .path("message")
                        .asText()
                        .contains("system:fleetflow:auto-approval")) {
                  wrong.add("no acceptance by the auto-approval rule in " + events);
                }
                if (removed == null) {
                  wrong.add("no automatic removal in " + events);
                } else if (Instant.parse(removed.path("firstTime").asText()).isBefore(earliest)) {
                  wrong.add("removed at " + removed.path("firstTime") + ", before " + earliest);
                }
                if (release.path("orphaned").size() != resources
                    || !release.path("failure").asText().contains("renewed no lease")) {
                  wrong.add("release result " + release);
                }
                if (!wrong.isEmpty()) {
                  problems.put(name, String.join("; ", wrong));
                }
              } catch (RuntimeException e) {
                problems.put(name, e.toString());
              }
            });
    assertThat(new TreeMap<>(problems)).as("clusters whose history lacks a decision").isEmpty();
  }

  private static JsonNode find(JsonNode events, String reason) {
    for (JsonNode event : events) {
      if (reason.equals(event.path("reason").asText())) {
        return event;
      }
    }
    return null;
  }

  private static List<ManagedCluster> burst(KubernetesClient hub) {
    return hub.resources(ManagedCluster.class).list().getItems().stream()
        .filter(c -> c.getMetadata().getName().startsWith("burst"))
        .toList();
  }

  private static List<ManagedCluster> takenOver(KubernetesClient hub) {
    return burst(hub).stream()
        .filter(
            c -> Conditions.isTrue(c.getStatus().getConditions(), Takeover.CONDITION_TAKEN_OVER))
        .toList();
  }

  private static Condition condition(ManagedCluster cluster, String type) {
    return Conditions.find(cluster.getStatus().getConditions(), type).orElseThrow();
  }
}
