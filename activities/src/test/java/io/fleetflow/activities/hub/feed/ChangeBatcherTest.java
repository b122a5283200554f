package io.fleetflow.activities.hub.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.model.feed.EntityChange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Entities' changes on their way to the feed, as a hub worker batches them. */
class ChangeBatcherTest {
  /** A feed that holds each send until the test lets it go, and records what it was sent. */
  private static final class HeldFeed implements ChangeBatcher.Sender {
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstArrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile String refuse;

    @Override
    public void send(List<EntityChange> batch) {
      batches.add(batch.stream().map(EntityChange::name).toList());
      firstArrived.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (refuse != null && batch.stream().anyMatch(c -> c.name().equals(refuse))) {
        throw new IllegalStateException("Workflow is busy");
      }
    }
  }

  private static EntityChange change(String name) {
    return new EntityChange(
        "ManagedCluster", null, name, "uid-" + name, 1, EntityChange.Type.MODIFIED, null);
  }

  @Test
  void changesMadeWhileABatchIsOnItsWayLeaveTogetherInTheirOrder() throws Exception {
    HeldFeed feed = new HeldFeed();
    ChangeBatcher batcher = new ChangeBatcher(feed, 100, 1_000_000, c -> 10);

    CompletableFuture<Void> first = batcher.submit(change("c0"));
    assertThat(feed.firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Void>> later =
        IntStream.rangeClosed(1, 5).mapToObj(i -> batcher.submit(change("c" + i))).toList();
    assertThat(first).isNotDone();
    feed.release.countDown();

    first.get(5, TimeUnit.SECONDS);
    CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertThat(feed.batches).containsExactly(List.of("c0"), List.of("c1", "c2", "c3", "c4", "c5"));
  }

  @Test
  void aBatchHoldsNoMoreChangesOrBytesThanItMayAndALargeChangeLeavesAlone() throws Exception {
    HeldFeed feed = new HeldFeed();
    ChangeBatcher batcher =
        new ChangeBatcher(feed, 3, 100, c -> c.name().startsWith("big") ? 500 : 30);

    CompletableFuture<Void> first = batcher.submit(change("c0"));
    assertThat(feed.firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Void>> later =
        List.of("c1", "c2", "c3", "c4", "big5", "c6", "c7", "c8", "c9").stream()
            .map(n -> batcher.submit(change(n)))
            .toList();
    feed.release.countDown();
    first.get(5, TimeUnit.SECONDS);
    CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

    assertThat(feed.batches)
        .containsExactly(
            List.of("c0"),
            // three changes of 30 bytes fit in 100; a fourth would not fit either limit
            List.of("c1", "c2", "c3"),
            List.of("c4"),
            List.of("big5"),
            List.of("c6", "c7", "c8"),
            List.of("c9"));
  }

  @Test
  void aRefusedBatchFailsItsOwnChangesAndTheNextBatchGoesOn() throws Exception {
    HeldFeed feed = new HeldFeed();
    ChangeBatcher batcher = new ChangeBatcher(feed, 100, 1_000_000, c -> 10);

    CompletableFuture<Void> first = batcher.submit(change("c0"));
    assertThat(feed.firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> refused = batcher.submit(change("refused"));
    CompletableFuture<Void> sameBatch = batcher.submit(change("c1"));
    feed.refuse = "refused";
    feed.release.countDown();

    first.get(5, TimeUnit.SECONDS);
    for (CompletableFuture<Void> failed : List.of(refused, sameBatch)) {
      assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("Workflow is busy");
    }
    // The publisher tries again: its change leaves in a batch of its own and is taken.
    batcher.submit(change("c1")).get(5, TimeUnit.SECONDS);
    assertThat(feed.batches).last().isEqualTo(List.of("c1"));
  }
}
