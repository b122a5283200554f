package io.fleetflow.agent.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fleetflow.activities.agent.AgentActivitiesImpl;
import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.simulator.SimulatedCluster;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent reports its cluster's facts when they change, not only at join. */
class ClusterFactsWatcherTest {
  private SimulatedCluster cluster;
  private ScheduledExecutorService scheduler;
  private ClusterFactsWatcher watcher;
  private final List<ClusterInfo> reports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void watch() {
    cluster = SimulatedCluster.start("facts");
    scheduler = Executors.newSingleThreadScheduledExecutor();
    AgentActivitiesImpl activities = new AgentActivitiesImpl(cluster.client(), "facts");
    watcher =
        new ClusterFactsWatcher(
            cluster.client(), activities::describeCluster, reports::add, scheduler);
    watcher.start(activities.describeCluster());
  }

  @AfterEach
  void stop() {
    watcher.close();
    scheduler.shutdownNow();
    cluster.close();
  }

  @Test
  void aNewClusterClaimIsReportedOnceTheChangesSettle() throws InterruptedException {
    cluster.claim("region.open-cluster-management.io", "eu-west");

    ClusterInfo reported =
        awaitReport(r -> r.claims().containsKey("region.open-cluster-management.io"));
    assertThat(reported.claims()).containsEntry("region.open-cluster-management.io", "eu-west");
  }

  @Test
  void aNodeWhoseAllocatableChangesIsReportedAndNothingIsSentWhileNothingChanges()
      throws InterruptedException {
    Thread.sleep(ClusterFactsWatcher.SETTLE.toMillis() + 1_000);
    assertThat(reports).as("reports before any change").isEmpty();

    Node node = cluster.client().nodes().list().getItems().get(0);
    node.getStatus().getAllocatable().put("cpu", new Quantity("1"));
    cluster.client().nodes().resource(node).updateStatus();

    ClusterInfo reported = awaitReport(r -> "1".equals(r.allocatable().get("cpu")));
    assertThat(reported.capacity()).containsEntry("cpu", "4");
  }

  private ClusterInfo awaitReport(Predicate<ClusterInfo> matching) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (ClusterInfo report : reports) {
        if (matching.test(report)) {
          return report;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no matching report within 10 s; reports: " + reports);
  }
}
