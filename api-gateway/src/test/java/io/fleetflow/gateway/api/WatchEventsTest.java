package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.client.cache.CacheEvent;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.work.ManifestWork;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A change that reaches a hundred watches is encoded once for all of them, as long as they show it
 * alike; a Table, a different type for one watch or another served version is its own encoding.
 */
class WatchEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 = "work.open-cluster-management.io/v1";

  private final WatchEvents events = new WatchEvents(JSON);
  private final AtomicInteger renders = new AtomicInteger();
  private final Function<HasMetadata, Object> render =
      object -> {
        renders.incrementAndGet();
        return object;
      };

  @Test
  void aHundredWatchesOfTheSameVersionShareOneEncoding() throws Exception {
    CacheEvent change = modified(7, "web", "3");

    byte[] first = events.encode(change, "MODIFIED", V1, render);
    for (int watch = 2; watch <= 100; watch++) {
      assertThat(events.encode(change, "MODIFIED", V1, render)).isSameAs(first);
    }

    assertThat(renders).hasValue(1);
    JsonNode line = JSON.readTree(first);
    assertThat(line.path("type").asText()).isEqualTo("MODIFIED");
    assertThat(line.at("/object/metadata/name").asText()).isEqualTo("web");
  }

  @Test
  void anotherTypeVersionOrChangeIsEncodedOnItsOwn() throws Exception {
    CacheEvent change = modified(7, "web", "3");
    events.encode(change, "MODIFIED", V1, render);

    // The same change is DELETED for a watch whose selection it leaves.
    assertThat(JSON.readTree(events.encode(change, "DELETED", V1, render)).path("type").asText())
        .isEqualTo("DELETED");
    events.encode(change, "MODIFIED", "work.open-cluster-management.io/v1beta1", render);
    events.encode(modified(8, "web", "4"), "MODIFIED", V1, render);

    assertThat(renders).hasValue(4);
  }

  @Test
  void aTableIsRenderedForEveryWatchAsItsAgesMove() {
    CacheEvent change = modified(7, "web", "3");

    events.encode(change, "MODIFIED", null, render);
    events.encode(change, "MODIFIED", null, render);

    assertThat(renders).hasValue(2);
  }

  @Test
  void anObjectThatCannotBeWrittenIsLeftOutAndNotKept() {
    CacheEvent change = modified(7, "web", "3");
    Function<HasMetadata, Object> broken =
        object -> {
          renders.incrementAndGet();
          throw new IllegalStateException("no JSON for this one");
        };

    assertThat(events.encode(change, "MODIFIED", V1, broken)).isNull();
    assertThat(events.encode(change, "MODIFIED", V1, render)).isNotNull();
    assertThat(renders).hasValue(2);
  }

  @Test
  void onlyTheLatestEncodingsAreKept() {
    CacheEvent oldest = modified(1, "web-0", "1");
    events.encode(oldest, "MODIFIED", V1, render);
    for (int i = 1; i <= WatchEvents.RECENT; i++) {
      events.encode(modified(1 + i, "web-" + i, "1"), "MODIFIED", V1, render);
    }

    events.encode(oldest, "MODIFIED", V1, render);

    assertThat(renders).hasValue(WatchEvents.RECENT + 2);
  }

  private static CacheEvent modified(long position, String name, String version) {
    ManifestWork work = new ManifestWork();
    work.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("cluster1")
            .withUid("uid-" + name)
            .withResourceVersion(version)
            .build());
    return new CacheEvent(position, EntityChange.Type.MODIFIED, "ManifestWork", work);
  }
}
