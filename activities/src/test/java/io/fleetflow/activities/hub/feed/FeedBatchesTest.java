package io.fleetflow.activities.hub.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.feed.EntityChange;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A round's changes cut into the signals that carry them to the feed. */
class FeedBatchesTest {
  /**
   * Each case names changes by their size in bytes; batches are written as the sizes they hold,
   * {@code |} between batches.
   */
  @ParameterizedTest(name = "{0} with at most {1} changes and {2} bytes: {3}")
  @CsvSource(
      delimiter = ';',
      value = {
        // One change, as an idle hub sends it.
        "30; 3; 100; 30",
        // Three of 30 bytes fill a batch by count; the fourth starts the next.
        "30 30 30 30; 3; 100; 30 30 30 | 30",
        // By bytes: 60 + 60 is over 100.
        "60 60 30; 10; 100; 60 | 60 30",
        // A change larger than a batch may be travels alone, between its neighbours' batches.
        "30 500 30 30; 10; 100; 30 | 500 | 30 30",
        // Exactly the byte limit still fits.
        "50 50 1; 10; 100; 50 50 | 1"
      })
  void aRoundIsCutIntoBatchesInItsOrder(
      String sizes, int maxChanges, int maxBytes, String expected) {
    List<EntityChange> changes =
        Arrays.stream(sizes.split(" "))
            .map(
                size ->
                    new EntityChange(
                        "ManagedCluster", null, size, "u", 1, EntityChange.Type.MODIFIED, null))
            .toList();

    List<List<EntityChange>> batches =
        FeedBatches.split(changes, maxChanges, maxBytes, c -> Integer.parseInt(c.name()));

    assertThat(
            String.join(
                " | ",
                batches.stream()
                    .map(b -> String.join(" ", b.stream().map(EntityChange::name).toList()))
                    .toList()))
        .isEqualTo(expected);
    // Every change travels once, in its order, even where sizes repeat.
    assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(changes);
  }
}
