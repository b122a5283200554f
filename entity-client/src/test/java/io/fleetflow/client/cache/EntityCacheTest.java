package io.fleetflow.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.feed.FeedPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch cache as clients see it: a list at a position, a watch from that position that gets
 * exactly the changes after it (a repeated publish is no new event), a watch from before the window
 * that is expired, and a write read back before the feed brings it.
 */
class EntityCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<HasMetadata> stored = new ArrayList<>();
  private final List<String> unanswered = new ArrayList<>();
  private final Map<String, HasMetadata> fetchable = new java.util.HashMap<>();
  private final java.util.Set<String> slow = new java.util.HashSet<>();
  private EntityCache cache;

  @BeforeEach
  void listTwoClusters() {
    stored.add(cluster("east", "u1", 1));
    stored.add(cluster("west", "u2", 1));
    cache =
        new EntityCache(
            kind ->
                kind.equals(ClusterKinds.MANAGED_CLUSTER)
                    ? new EntityCache.Listed(List.copyOf(stored), List.copyOf(unanswered))
                    : new EntityCache.Listed(List.of(), List.of()),
            (kind, namespace, name) -> {
              if (slow.contains(name)) {
                throw new IllegalStateException(name + " did not answer in time");
              }
              return Optional.ofNullable(fetchable.get(name));
            },
            JSON);
    cache.relisted(new FeedPosition(1, 10));
  }

  @Test
  void aRelistKeepsTheCopyOfAnObjectThatDoesNotAnswerAndReadsANewOneLater() {
    // Under load: east answers no more, and south, new since the last list, does not answer yet.
    stored.removeIf(o -> o.getMetadata().getName().equals("east"));
    unanswered.addAll(List.of("east", "south", "gone"));
    slow.add("south");

    cache.relisted(new FeedPosition(1, 20));

    assertThat(cache.list(ClusterKinds.MANAGED_CLUSTER, null).items())
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("east", "west");

    // Still slow: south waits for the next round; "gone" is gone and no longer read.
    cache.readLateOnes();
    assertThat(cache.list(ClusterKinds.MANAGED_CLUSTER, null).items()).hasSize(2);

    slow.clear();
    fetchable.put("south", cluster("south", "u4", 3));
    fetchable.put("gone", cluster("gone", "u5", 1));
    cache.readLateOnes();
    assertThat(cache.list(ClusterKinds.MANAGED_CLUSTER, null).items())
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("east", "south", "west");
    cache.closeAll();
  }

  @Test
  void aListCarriesThePositionItWasReadAt() {
    EntityCache.Snapshot list = cache.list(ClusterKinds.MANAGED_CLUSTER, null);

    assertThat(list.items())
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("east", "west");
    assertThat(list.position()).isEqualTo(new FeedPosition(1, 10).encoded());
    assertThat(cache.synced()).isTrue();
  }

  @Test
  void aWatchFromAListsPositionGetsExactlyTheChangesAfterItAndNoRepeat() throws Exception {
    long listed = cache.position();
    change(12, EntityChange.Type.MODIFIED, cluster("east", "u1", 2));
    change(13, EntityChange.Type.MODIFIED, cluster("east", "u1", 2));
    change(14, EntityChange.Type.ADDED, cluster("north", "u3", 1));
    change(15, EntityChange.Type.DELETED, cluster("west", "u2", 1));

    try (Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, listed, 10)) {
      assertThat(watch.initial())
          .extracting(e -> e.type() + " " + e.object().getMetadata().getName())
          .containsExactly("MODIFIED east", "ADDED north", "DELETED west");
    }
    try (Subscription watch =
        cache.subscribe(ClusterKinds.MANAGED_CLUSTER, new FeedPosition(1, 14).encoded(), 10)) {
      assertThat(watch.initial())
          .extracting(CacheEvent::type)
          .containsExactly(EntityChange.Type.DELETED);
      change(16, EntityChange.Type.MODIFIED, cluster("north", "u3", 2));
      assertThat(watch.next(1000).object().getMetadata().getResourceVersion()).isEqualTo("2");
    }
    assertThat(cache.list(ClusterKinds.MANAGED_CLUSTER, null).items())
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("east", "north");
  }

  @Test
  void anObjectAnnouncedAgainByANewRunOfItsWorkflowIsAModificationAndANewOneAnAddition()
      throws Exception {
    long listed = cache.position();
    // A workflow that continued as new publishes its object first as ADDED, as a new one does.
    change(12, EntityChange.Type.ADDED, cluster("east", "u1", 2));
    change(13, EntityChange.Type.ADDED, cluster("north", "u3", 1));

    try (Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, listed, 10)) {
      assertThat(watch.initial())
          .extracting(e -> e.type() + " " + e.object().getMetadata().getName())
          .containsExactly("MODIFIED east", "ADDED north");
    }
  }

  @Test
  void aWatchOfOneObjectFromItsOwnVersionContinuesFromTheChangeThatGaveItThatVersion()
      throws Exception {
    change(12, EntityChange.Type.MODIFIED, cluster("east", "u1", 2));
    change(13, EntityChange.Type.MODIFIED, cluster("west", "u2", 2));
    change(14, EntityChange.Type.MODIFIED, cluster("east", "u1", 3));

    long fromTwo = cache.positionOf(ClusterKinds.MANAGED_CLUSTER, null, "east", "2").orElseThrow();
    try (Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, fromTwo, 10)) {
      assertThat(watch.initial())
          .filteredOn(e -> e.object().getMetadata().getName().equals("east"))
          .extracting(e -> e.object().getMetadata().getResourceVersion())
          .containsExactly("3");
    }
    assertThat(cache.positionOf(ClusterKinds.MANAGED_CLUSTER, null, "east", "3"))
        .contains(cache.position());
    assertThat(cache.positionOf(ClusterKinds.MANAGED_CLUSTER, null, "east", "7")).isEmpty();
  }

  @Test
  void aWatchIsNotWokenByOtherKindsYetItsBookmarksFollowTheFeed() throws Exception {
    Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, cache.position(), 2);
    for (int i = 0; i < 5; i++) {
      // More changes than the watch's queue holds: they are not its kind, so they cost it nothing.
      cache.changed(
          new FeedPosition(1, 20 + i),
          new EntityChange(
              "ManagedClusterSet",
              null,
              "set-" + i,
              "s" + i,
              1,
              EntityChange.Type.ADDED,
              Map.of(
                  "metadata", Map.of("name", "set-" + i, "uid", "s" + i, "resourceVersion", "1"))));
    }

    assertThat(watch.next(50)).isNull();
    assertThat(watch.bookmarkable(0)).isEqualTo(new FeedPosition(1, 24).encoded());
    change(25, EntityChange.Type.MODIFIED, cluster("east", "u1", 2));
    // A change of its kind still waits to be taken: the bookmark may not pass it.
    assertThat(watch.bookmarkable(0)).isZero();
    assertThat(watch.next(1000).position()).isEqualTo(new FeedPosition(1, 25).encoded());
    assertThat(watch.bookmarkable(new FeedPosition(1, 25).encoded()))
        .isEqualTo(new FeedPosition(1, 25).encoded());
    watch.close();
  }

  @Test
  void aWatchWithoutAPositionStartsWithTheObjectsAsAdded() {
    try (Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, null, 10)) {
      assertThat(watch.initial())
          .extracting(e -> e.type() + " " + e.object().getMetadata().getName())
          .containsExactly("ADDED east", "ADDED west");
    }
  }

  @Test
  void aWatchFromBeforeTheWindowIsExpiredAndARelistEndsOpenWatches() throws Exception {
    assertThatThrownBy(
            () ->
                cache.subscribe(ClusterKinds.MANAGED_CLUSTER, new FeedPosition(1, 3).encoded(), 10))
        .isInstanceOf(EntityCache.Expired.class)
        .hasMessageContaining("too old resource version");

    Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, cache.position(), 10);
    cache.relisted(new FeedPosition(2, 5));
    assertThatThrownBy(() -> watch.next(1000))
        .satisfies(e -> Subscription.ended((RuntimeException) e));
  }

  @Test
  void aCacheWithoutAWindowKeepsTheLatestObjectsAndNoPastChanges() {
    EntityCache latestOnly =
        new EntityCache(
            kind ->
                new EntityCache.Listed(
                    kind.equals(ClusterKinds.MANAGED_CLUSTER) ? List.copyOf(stored) : List.of(),
                    List.of()),
            (kind, namespace, name) -> Optional.empty(),
            JSON,
            kind -> kind.equals(ClusterKinds.MANAGED_CLUSTER),
            0);
    latestOnly.relisted(new FeedPosition(1, 10));
    long listed = latestOnly.position();

    latestOnly.changed(
        new FeedPosition(1, 11),
        new EntityChange(
            "ManagedCluster",
            null,
            "east",
            "u1",
            2,
            EntityChange.Type.MODIFIED,
            JSON.convertValue(cluster("east", "u1", 2), Map.class)));

    assertThat(latestOnly.get(ClusterKinds.MANAGED_CLUSTER, null, "east"))
        .get()
        .extracting(o -> o.getMetadata().getResourceVersion())
        .isEqualTo("2");
    assertThat(latestOnly.holds(ClusterSetKinds.MANAGED_CLUSTER_SET)).isFalse();
    assertThatThrownBy(() -> latestOnly.subscribe(ClusterKinds.MANAGED_CLUSTER, listed, 10))
        .isInstanceOf(EntityCache.Expired.class);
  }

  @Test
  void aWatchThatFallsBehindIsEndedRatherThanHoldingTheFeedUp() {
    Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, cache.position(), 2);
    for (int i = 0; i < 5; i++) {
      change(20 + i, EntityChange.Type.MODIFIED, cluster("east", "u1", 3 + i));
    }
    assertThatThrownBy(() -> watch.next(10))
        .satisfies(e -> assertThat(Subscription.ended((RuntimeException) e)).isTrue());
  }

  @Test
  void aWriteIsReadBackBeforeTheFeedBringsItAndItsEventComesOnce() throws Exception {
    cache.written(ClusterKinds.MANAGED_CLUSTER, cluster("south", "u4", 1), false);
    assertThat(cache.get(ClusterKinds.MANAGED_CLUSTER, null, "south")).isPresent();

    long before = cache.position();
    change(30, EntityChange.Type.ADDED, cluster("south", "u4", 1));
    try (Subscription watch = cache.subscribe(ClusterKinds.MANAGED_CLUSTER, before, 10)) {
      assertThat(watch.initial())
          .extracting(CacheEvent::type)
          .containsExactly(EntityChange.Type.ADDED);
    }
  }

  @Test
  void theAnswerToADeleteThatComesAfterTheFeedsDeletedBringsNothingBack() {
    change(40, EntityChange.Type.DELETED, cluster("west", "u2", 2));
    cache.written(ClusterKinds.MANAGED_CLUSTER, cluster("west", "u2", 2), false);

    assertThat(cache.get(ClusterKinds.MANAGED_CLUSTER, null, "west")).isEmpty();
  }

  @Test
  void aClusterAnAgentJustJoinedIsListedOnceAGetHasReadItFromItsWorkflow() {
    cache.read(ClusterKinds.MANAGED_CLUSTER, cluster("north", "u5", 1));

    assertThat(cache.list(ClusterKinds.MANAGED_CLUSTER, null).items())
        .extracting(o -> o.getMetadata().getName())
        .contains("north");
  }

  @Test
  void aReadAnsweredBeforeANewerChangeOrADeleteArrivedTakesNothingBack() {
    change(50, EntityChange.Type.MODIFIED, cluster("east", "u1", 9));
    cache.read(ClusterKinds.MANAGED_CLUSTER, cluster("east", "u1", 8));
    change(51, EntityChange.Type.DELETED, cluster("west", "u2", 2));
    cache.read(ClusterKinds.MANAGED_CLUSTER, cluster("west", "u2", 2));

    assertThat(cache.get(ClusterKinds.MANAGED_CLUSTER, null, "east").orElseThrow())
        .extracting(o -> o.getMetadata().getResourceVersion())
        .isEqualTo("9");
    assertThat(cache.get(ClusterKinds.MANAGED_CLUSTER, null, "west")).isEmpty();
  }

  private void change(long eventId, EntityChange.Type type, ManagedCluster object) {
    cache.changed(
        new FeedPosition(1, eventId),
        new EntityChange(
            "ManagedCluster",
            null,
            object.getMetadata().getName(),
            object.getMetadata().getUid(),
            Long.parseLong(object.getMetadata().getResourceVersion()),
            type,
            JSON.convertValue(object, Map.class)));
  }

  private static ManagedCluster cluster(String name, String uid, long version) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withUid(uid)
            .withResourceVersion(Long.toString(version))
            .build());
    return cluster;
  }
}
