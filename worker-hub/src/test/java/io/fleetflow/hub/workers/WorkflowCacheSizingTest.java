package io.fleetflow.hub.workers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hub's workflow cache follows the fleet it starts with, as far as its heap allows. */
class WorkflowCacheSizingTest {
  private static final long MIB = 1024 * 1024;

  @ParameterizedTest(name = "{0} running, {1} MiB heap, configured {2}: cache {3}, heap bound {4}")
  @CsvSource({
    // A small fleet keeps Temporal's default, which leaves room to grow.
    "0,     512,  0,    600,  false",
    "100,   512,  0,    600,  false",
    // A thousand clusters and their works: the whole fleet with a quarter to spare.
    "1000,  512,  0,    1250, false",
    "3000,  1024, 0,    3750, false",
    // A heap too small for the fleet sets the size, and the hub says so.
    "10000, 512,  0,    2048, true",
    // An operator's size wins over both.
    "10000, 512,  5000, 5000, false",
    "10,    512,  50,   50,   false"
  })
  void theCacheHoldsTheFleetWithHeadroomAsFarAsTheHeapAllows(
      long running, long heapMiB, int configured, int cache, boolean heapBound) {
    WorkflowCacheSizing sizing = WorkflowCacheSizing.of(running, heapMiB * MIB, configured);

    assertThat(sizing.cacheSize()).isEqualTo(cache);
    assertThat(sizing.heapBound()).isEqualTo(heapBound);
    assertThat(sizing.maxThreads()).isEqualTo(cache * WorkflowCacheSizing.THREADS_PER_EXECUTION);
  }

  @ParameterizedTest(name = "{0} running: {1} MiB of heap wanted")
  @CsvSource({"1000, 312", "10000, 3125"})
  void aHubThatIsShortOfHeapIsToldHowMuchItWants(long running, long wantedMiB) {
    assertThat(WorkflowCacheSizing.of(running, 64 * MIB, 0).heapWanted() / MIB)
        .isEqualTo(wantedMiB);
  }
}
