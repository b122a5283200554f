package io.fleetflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A simulated cluster's watches send what fabric8's do, without a thread of their own: a fleet JVM
 * keeps a few informers per simulated cluster, and a thread each was most of its threads.
 */
class SimulatorCrudTest {
  private static final Duration EVENTS = Duration.ofSeconds(10);

  private SimulatedCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start("watched");
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void aWatchHearsWhatItSelectsEnterChangeAndLeave() {
    create("before", Map.of("app", "web"));
    create("other", Map.of("app", "db"));
    List<String> events = new CopyOnWriteArrayList<>();

    try (Watch watch =
        cluster
            .client()
            .configMaps()
            .inNamespace("default")
            .withLabel("app", "web")
            .watch(recorder(events))) {
      await().atMost(EVENTS).until(() -> events.contains("ADDED before"));
      create("after", Map.of("app", "web"));
      cluster
          .client()
          .configMaps()
          .inNamespace("default")
          .withName("after")
          .edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
      cluster
          .client()
          .configMaps()
          .inNamespace("default")
          .withName("before")
          .edit(
              c ->
                  new ConfigMapBuilder(c)
                      .editMetadata()
                      .addToLabels("app", "db")
                      .endMetadata()
                      .build());
      cluster.client().configMaps().inNamespace("default").withName("after").delete();

      await()
          .atMost(EVENTS)
          .untilAsserted(
              () ->
                  assertThat(events)
                      .containsExactly(
                          "ADDED before",
                          "ADDED after",
                          "MODIFIED after",
                          "DELETED before",
                          "DELETED after"));
    }
  }

  @Test
  void aWatchOfOneNameHearsOnlyThatObject() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch watch =
        cluster
            .client()
            .configMaps()
            .inNamespace("default")
            .withName("chosen")
            .watch(recorder(events))) {
      create("ignored", Map.of());
      create("chosen", Map.of());

      await().atMost(EVENTS).untilAsserted(() -> assertThat(events).contains("ADDED chosen"));
      assertThat(events).doesNotContain("ADDED ignored");
    }
  }

  @Test
  void openWatchesStartNoThreadsAndEndWithTheCluster() {
    List<SharedIndexInformer<ConfigMap>> informers = new ArrayList<>();
    informers.add(cluster.client().configMaps().inNamespace("default").inform());
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();

    for (int i = 0; i < 20; i++) {
      informers.add(
          cluster.client().configMaps().inNamespace("default").withLabel("n", "" + i).inform());
    }
    await().atMost(EVENTS).until(() -> cluster.openWatches() == 21);

    assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threads).isLessThan(5);
    informers.forEach(SharedIndexInformer::close);
  }

  private void create(String name, Map<String, String> labels) {
    cluster
        .client()
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static Watcher<ConfigMap> recorder(List<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        events.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
