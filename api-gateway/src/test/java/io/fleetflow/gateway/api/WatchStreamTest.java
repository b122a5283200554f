package io.fleetflow.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.work.ManifestWork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A quiet watch whose client allows bookmarks sends BOOKMARKs that resume from what it sent, and a
 * watch whose client has gone ends at its next bookmark instead of reading on until its timeout.
 */
class WatchStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration OFTEN = Duration.ofMillis(200);

  @Test
  void aQuietWatchSendsBookmarksThatRecallWhatItSent() throws Exception {
    ListSnapshots snapshots = new ListSnapshots();
    List<HasMetadata> objects = List.of(work("hello"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    stream(objects, snapshots, Duration.ofMillis(1500)).writeTo(out);

    List<JsonNode> events = new ArrayList<>();
    for (String line : out.toString().lines().toList()) {
      events.add(JSON.readTree(line));
    }
    assertThat(events.get(0).path("type").asText()).isEqualTo("ADDED");
    List<JsonNode> bookmarks =
        events.stream().filter(e -> e.path("type").asText().equals("BOOKMARK")).toList();
    assertThat(bookmarks).isNotEmpty();
    JsonNode bookmark = bookmarks.get(0).path("object");
    assertThat(bookmark.path("kind").asText()).isEqualTo("ManifestWork");
    assertThat(bookmark.path("apiVersion").asText())
        .isEqualTo("work.open-cluster-management.io/v1");
    assertThat(snapshots.recall(bookmark.path("metadata").path("resourceVersion").asText()))
        .hasValueSatisfying(
            sent ->
                assertThat(sent)
                    .extracting(o -> o.getMetadata().getName())
                    .containsExactly("hello"));
  }

  @Test
  void aWatchWhoseClientHasGoneEndsAtItsNextBookmark() {
    OutputStream closed =
        new OutputStream() {
          private boolean flushed;

          @Override
          public void write(int b) throws IOException {
            // The first events reach the client; then the connection is gone.
            if (flushed) {
              throw new IOException("Broken pipe");
            }
          }

          @Override
          public void flush() {
            flushed = true;
          }
        };
    long started = System.nanoTime();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                stream(List.of(work("hello")), new ListSnapshots(), Duration.ofMinutes(30))
                    .writeTo(closed))
        .isInstanceOf(IOException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  private static WatchStream stream(
      List<HasMetadata> objects, ListSnapshots snapshots, Duration timeout) {
    return new WatchStream(
        () -> objects,
        o -> o,
        Optional.empty(),
        timeout,
        JSON,
        new WatchStream.Bookmarks(
            snapshots::remember, "work.open-cluster-management.io/v1", "ManifestWork", OFTEN));
  }

  private static ManifestWork work(String name) {
    ManifestWork work = new ManifestWork();
    work.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("c1")
            .withUid("uid-" + name)
            .withResourceVersion("1")
            .build());
    return work;
  }
}
