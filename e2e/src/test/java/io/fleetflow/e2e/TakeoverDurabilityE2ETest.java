package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hub killed with SIGKILL at a random moment of an install (while its agent call is at a random
 * object) and at a random step of an uninstall: afterwards every resource is installed exactly once
 * (one ADDED event on the cluster, never modified or deleted), and after release nothing is left
 * behind. The cluster's own API server is watched throughout.
 */
class TakeoverDurabilityE2ETest {
  private static final String AGENT_NS = "open-cluster-management-agent";
  private static final String ADDON_NS = "open-cluster-management-agent-addon";

  private static Fleet fleet;
  private static Kubectl kubectl;

  @BeforeAll
  static void startFleet() {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the scenario");
    fleet = Fleet.start("takeover-crash", "crash1", "crash2");
    kubectl = fleet.kubectl();
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aHubKilledAtRandomStepsOfInstallAndReleaseLeavesEveryResourceDoneOnce() {
    for (String cluster : List.of("crash1", "crash2")) {
      await(cluster + " listed")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> kubectl.run(null, "get", "managedcluster", cluster).exitCode() == 0);
      try (KubernetesClient api = fleet.clusterClient(cluster, "state")) {
        Map<String, List<String>> events = new ConcurrentHashMap<>();
        List<Watch> watches = watch(api, events);
        int killAt = ThreadLocalRandom.current().nextInt(2, 11);
        kubectl.ok(
            "patch",
            "managedcluster",
            cluster,
            "--type=merge",
            "-p",
            "{\"spec\":{\"hubAcceptsClient\":true}}");
        // The install is one agent call: the hub dies while the agent is at that object.
        killHubWhen(
            "the agent installed " + killAt + " objects on " + cluster,
            () -> events.size() >= killAt);
        await(cluster + " taken over after the crash")
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> "True".equals(condition(cluster, "fleetflow.io/TakenOver")));

        assertThat(events).hasSize(10);
        events.forEach((name, seen) -> assertThat(seen).as(name).containsExactly("ADDED"));
        assertThat(stillThere(api)).hasSize(10);

        int releaseKillAt = ThreadLocalRandom.current().nextInt(2, 11);
        kubectl.ok("delete", "managedcluster", cluster, "--wait=false");
        killHubWhen(
            "the release of " + cluster + " reaches step " + releaseKillAt,
            () -> releaseStep(cluster) >= releaseKillAt);
        await(cluster + " released after the crash")
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> stillThere(api).isEmpty());
        events.forEach(
            (name, seen) -> assertThat(seen).as(name).containsExactly("ADDED", "DELETED"));
        watches.forEach(Watch::close);
      }
    }
  }

  /** Polls until the given moment and kills the hub then, or as soon after as the poll sees. */
  private static void killHubWhen(String moment, java.util.function.BooleanSupplier reached) {
    await(moment)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(reached::getAsBoolean);
    fleet.hub().kill9();
    fleet.startHub();
  }

  /**
   * Returns the step of twelve the cluster's release works on (one removal per activity), or 12
   * once it is done.
   */
  private static int releaseStep(String cluster) {
    String now =
        fleet
            .temporal()
            .newUntypedWorkflowStub("ManagedCluster/" + cluster + "/release")
            .query("progress", JsonNode.class)
            .path("step")
            .asText();
    var m = java.util.regex.Pattern.compile("\\((\\d+)/12\\)").matcher(now);
    return m.find() ? Integer.parseInt(m.group(1)) : now.equals("released") ? 12 : 0;
  }

  /**
   * Watches the profile's Namespaces, ClusterRoles and ConfigMaps (ten of its twelve resources) and
   * records every event per object.
   */
  private static List<Watch> watch(KubernetesClient api, Map<String, List<String>> events) {
    List<Watch> watches = new ArrayList<>();
    watches.add(api.namespaces().watch(recorder("Namespace", events)));
    watches.add(api.rbac().clusterRoles().watch(recorder("ClusterRole", events)));
    watches.add(api.rbac().clusterRoleBindings().watch(recorder("ClusterRoleBinding", events)));
    watches.add(api.configMaps().inAnyNamespace().watch(recorder("ConfigMap", events)));
    watches.add(api.serviceAccounts().inAnyNamespace().watch(recorder("ServiceAccount", events)));
    watches.add(api.rbac().roles().inAnyNamespace().watch(recorder("Role", events)));
    watches.add(api.rbac().roleBindings().inAnyNamespace().watch(recorder("RoleBinding", events)));
    return watches;
  }

  private static <T extends HasMetadata> Watcher<T> recorder(
      String kind, Map<String, List<String>> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T object) {
        var labels = object.getMetadata().getLabels();
        if (labels != null
                && "fleetflow-takeover".equals(labels.get("app.kubernetes.io/managed-by"))
            || action == Action.DELETED && events.containsKey(key(kind, object))) {
          events
              .computeIfAbsent(key(kind, object), k -> new CopyOnWriteArrayList<>())
              .add(action.name());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static String key(String kind, HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return kind + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
  }

  /** The watched kinds' takeover resources that exist on the cluster now. */
  private static List<String> stillThere(KubernetesClient api) {
    List<String> found = new ArrayList<>();
    String label = "app.kubernetes.io/managed-by";
    api.namespaces()
        .withLabel(label, "fleetflow-takeover")
        .list()
        .getItems()
        .forEach(o -> found.add(key("Namespace", o)));
    api.rbac()
        .clusterRoles()
        .withLabel(label, "fleetflow-takeover")
        .list()
        .getItems()
        .forEach(o -> found.add(key("ClusterRole", o)));
    api.rbac()
        .clusterRoleBindings()
        .withLabel(label, "fleetflow-takeover")
        .list()
        .getItems()
        .forEach(o -> found.add(key("ClusterRoleBinding", o)));
    api.configMaps()
        .inAnyNamespace()
        .withLabel(label, "fleetflow-takeover")
        .list()
        .getItems()
        .forEach(o -> found.add(key("ConfigMap", o)));
    api.serviceAccounts()
        .inAnyNamespace()
        .withLabel(label, "fleetflow-takeover")
        .list()
        .getItems()
        .forEach(o -> found.add(key("ServiceAccount", o)));
    api.rbac()
        .roles()
        .inAnyNamespace()
        .withLabel(label, "fleetflow-takeover")
        .list()
        .getItems()
        .forEach(o -> found.add(key("Role", o)));
    api.rbac()
        .roleBindings()
        .inAnyNamespace()
        .withLabel(label, "fleetflow-takeover")
        .list()
        .getItems()
        .forEach(o -> found.add(key("RoleBinding", o)));
    return found;
  }

  private static String condition(String cluster, String type) {
    return kubectl.condition("managedcluster", cluster, type, "status");
  }
}
