package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.Visibility;
import io.fleetflow.client.Vouching;
import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.hub.InventoryActivitiesImpl;
import io.fleetflow.hub.PlacementActivitiesImpl;
import io.fleetflow.hub.TakeoverActivitiesImpl;
import io.fleetflow.hub.feed.HubFeed;
import io.fleetflow.model.authz.ActorSeal;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.WorkKinds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The entity client's visibility side, and the hub's activities built on it, against the real dev
 * server (the in-process test server serves no listings): a kind's objects are listed by namespace,
 * quoting keeps a value from changing the query, and a signal reaches every object a query finds;
 * the hub's cache of the change feed, which placements read, holds a change made just before.
 */
class EntityClientE2ETest {
  private static final Actor OPERATOR = new Actor("olga", List.of(Roles.OPERATORS), "e2e");
  private static final Duration VISIBILITY = Duration.ofSeconds(30);

  /** Far longer than the hub's cache needs on a quiet machine, for a busy one. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static Fleet fleet;
  private static EntityClient entities;

  @BeforeAll
  static void startFleet() {
    fleet = Fleet.start("entity-client");
    WorkflowClient hub = fleet.temporal();
    entities =
        new EntityClient(
            WorkflowClient.newInstance(
                hub.getWorkflowServiceStubs(),
                EntityClient.configure(WorkflowClientOptions.newBuilder()).build()),
            // The workflows judge only vouched actors: this client vouches as the hub does for a
            // user's change it carries on, by what the default roles allow the user.
            Vouching.asHub(
                ActorSeal.fromFile(fleet.actorKey()),
                io.fleetflow.model.authz.DefaultPolicy::policy));
    entities.create(PlacementKinds.PLACEMENT, placement("apps", "web"), OPERATOR);
    entities.create(PlacementKinds.PLACEMENT, placement("apps", "api"), OPERATOR);
    entities.create(PlacementKinds.PLACEMENT, placement("ops", "web"), OPERATOR);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void theHubsBuiltInSetsAreListedInKubectlsOrder() {
    await()
        .atMost(VISIBILITY)
        .untilAsserted(
            () -> {
              assertThat(entities.list(ClusterSetKinds.MANAGED_CLUSTER_SET, null))
                  .extracting(s -> s.getMetadata().getName())
                  .containsExactly("default", "global");
              assertThat(entities.ids(Visibility.of(ClusterSetKinds.MANAGED_CLUSTER_SET)))
                  .containsExactly("ManagedClusterSet/default", "ManagedClusterSet/global");
              assertThat(entities.count(Visibility.of(ClusterSetKinds.MANAGED_CLUSTER_SET)))
                  .isEqualTo(2);
            });
  }

  @Test
  void aNamespacedKindIsListedPerNamespaceOrInAll() {
    await()
        .atMost(VISIBILITY)
        .untilAsserted(
            () -> {
              assertThat(entities.list(PlacementKinds.PLACEMENT, "apps"))
                  .extracting(p -> p.getMetadata().getName())
                  .containsExactly("api", "web");
              assertThat(entities.ids(Visibility.of(PlacementKinds.PLACEMENT)))
                  .containsExactly("Placement/apps/api", "Placement/apps/web", "Placement/ops/web");
              assertThat(
                      entities.ids(
                          Visibility.of(PlacementKinds.PLACEMENT)
                              .excluding("Placement/apps/api")
                              .named("web")))
                  .containsExactly("Placement/apps/web", "Placement/ops/web");
            });
  }

  @Test
  void aQuoteInAValueIsPartOfTheValueAndCannotWidenTheQuery() {
    await()
        .atMost(VISIBILITY)
        .until(() -> entities.count(Visibility.of(PlacementKinds.PLACEMENT)) == 3);

    assertThat(entities.list(PlacementKinds.PLACEMENT, "it's")).isEmpty();
    assertThat(
            entities.count(
                Visibility.of(PlacementKinds.PLACEMENT).inNamespace("x' OR FleetflowKind != '")))
        .isZero();
    assertThat(entities.count(Visibility.ofKind("Placement\\' OR ExecutionStatus = \\'Running")))
        .isZero();
  }

  @Test
  void aSignalReachesEveryObjectTheQueryFinds() {
    await()
        .atMost(VISIBILITY)
        .until(() -> entities.count(Visibility.of(PlacementKinds.PLACEMENT)) == 3);

    assertThat(new PlacementActivitiesImpl(entities).notifyPlacements("the e2e test asks"))
        .isEqualTo(3);
    assertThat(
            entities.signalAll(
                PlacementKinds.PLACEMENT,
                Visibility.of(PlacementKinds.PLACEMENT).inNamespace("ops"),
                "fleetChanged",
                "only ops"))
        .isEqualTo(1);
  }

  @Test
  void theHubsInventoryReadsObjectsByVisibility() {
    InventoryActivitiesImpl inventory = new InventoryActivitiesImpl(entities);

    await()
        .atMost(VISIBILITY)
        .untilAsserted(
            () -> {
              assertThat(inventory.exists("ManagedClusterSet", null, "global")).isTrue();
              assertThat(inventory.exists("Placement", "ops", "web")).isTrue();
            });
    assertThat(inventory.exists("ManagedClusterSet", null, "nowhere")).isFalse();
    assertThat(inventory.exists("Placement", "apps", "nowhere")).isFalse();
    assertThat(inventory.clusters()).isEmpty();
    var fleetView =
        new PlacementActivitiesImpl(entities).fleet("apps", "Placement/apps/web", List.of(), true);
    assertThat(fleetView.clusters()).isEmpty();
    assertThat(fleetView.boundSets()).isEmpty();
  }

  /**
   * A placement is told of a change only after the change is in the feed, so the hub's cache must
   * hold it by the time the placement reads: a binding created or deleted a moment before is in the
   * next read, with no wait for visibility.
   */
  @Test
  void theHubsCacheHoldsAChangeMadeJustBeforeAPlacementReads() {
    try (HubFeed feed = new HubFeed(fleet.temporal()).start()) {
      await().atMost(VISIBILITY).until(() -> feed.caughtUp(Duration.ofSeconds(1)).isPresent());
      PlacementActivitiesImpl placements = new PlacementActivitiesImpl(entities, feed);
      Kubectl kubectl = fleet.kubectl();

      kubectl
          .run(
              """
              apiVersion: cluster.open-cluster-management.io/v1beta2
              kind: ManagedClusterSetBinding
              metadata: {name: global, namespace: cached}
              spec: {clusterSet: global}
              """,
              "apply",
              "-f",
              "-")
          .ok();

      var cache = feed.caughtUp(PATIENCE).orElseThrow();
      assertThat(cache.get(ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING, "cached", "global"))
          .isPresent();
      assertThat(placements.fleet("cached", "Placement/cached/web", List.of(), true).boundSets())
          .extracting(set -> set.getMetadata().getName())
          .containsExactly("global");

      kubectl.run(null, "delete", "managedclustersetbinding", "global", "-n", "cached").ok();

      assertThat(
              feed.caughtUp(PATIENCE)
                  .orElseThrow()
                  .get(ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING, "cached", "global"))
          .isEmpty();
      assertThat(placements.fleet("cached", "Placement/cached/web", List.of(), true).boundSets())
          .isEmpty();
    }
  }

  @Test
  void aClustersWorksAreFoundForItsRelease() {
    entities.create(WorkKinds.MANIFEST_WORK, work("cluster9", "hello"), OPERATOR);
    TakeoverActivitiesImpl takeover = new TakeoverActivitiesImpl(entities);

    await()
        .atMost(VISIBILITY)
        .untilAsserted(
            () ->
                assertThat(takeover.manifestWorks("cluster9"))
                    .extracting(w -> w.name())
                    .containsExactly("hello"));
    assertThat(takeover.manifestWorks("cluster8")).isEmpty();
    var refused = entities.entity(WorkKinds.MANIFEST_WORK, "cluster9", "hello");
    try {
      entities.create(WorkKinds.MANIFEST_WORK, work("cluster9", "hello"), OPERATOR);
      throw new AssertionError("a second create must be refused");
    } catch (EntityException.AlreadyExists e) {
      assertThat(e.name()).isEqualTo("hello");
    }
    assertThat(refused.exists()).isTrue();
  }

  private static Placement placement(String namespace, String name) {
    Placement placement = new Placement();
    placement.setMetadata(new ObjectMeta());
    placement.getMetadata().setNamespace(namespace);
    placement.getMetadata().setName(name);
    return placement;
  }

  private static ManifestWork work(String cluster, String name) {
    GenericKubernetesResource configMap = new GenericKubernetesResource();
    configMap.setApiVersion("v1");
    configMap.setKind("ConfigMap");
    configMap.setMetadata(new ObjectMeta());
    configMap.getMetadata().setNamespace("default");
    configMap.getMetadata().setName(name);
    configMap.setAdditionalProperties(Map.of("data", Map.of("greeting", "hello")));
    ManifestWork work = new ManifestWork();
    work.setMetadata(new ObjectMeta());
    work.getMetadata().setNamespace(cluster);
    work.getMetadata().setName(name);
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(new ManifestWorkSpec.Workload(List.of(configMap)));
    work.setSpec(spec);
    return work;
  }
}
