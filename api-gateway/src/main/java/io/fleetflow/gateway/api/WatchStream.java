package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A Kubernetes watch stream: newline-delimited {@code {"type": ..., "object": ...}} events. The
 * gateway derives events by comparing successive reads of the objects' workflows, keyed by uid and
 * resourceVersion, which every entity workflow moves on every change.
 *
 * <p>When the client allows bookmarks ({@code allowWatchBookmarks=true}, as client-go's reflectors
 * and kubectl wait send), a quiet stream sends a BOOKMARK every {@link #BOOKMARK_EVERY} whose
 * resourceVersion resumes a watch from what the stream has sent. It is also how the stream learns
 * that its client has gone: a write to a closed connection fails, and the stream ends, rather than
 * reading the objects for the rest of its timeout.
 */
final class WatchStream implements StreamingResponseBody {
  static final Duration POLL = Duration.ofMillis(500);
  static final Duration BOOKMARK_EVERY = Duration.ofSeconds(5);

  private final Supplier<List<? extends HasMetadata>> read;
  private final Function<HasMetadata, Object> render;
  private final Optional<List<HasMetadata>> startFrom;
  private final Duration timeout;
  private final ObjectMapper json;
  private final Bookmarks bookmarks;

  /**
   * Where a BOOKMARK's resourceVersion comes from, and the kind it names.
   *
   * @param remember remembers the objects a stream has sent and returns a resourceVersion that
   *     recalls them ({@link ListSnapshots#remember})
   * @param apiVersion the kind's apiVersion
   * @param kind the kind
   * @param every how long a stream stays quiet before it sends one
   */
  record Bookmarks(
      Function<List<HasMetadata>, String> remember,
      String apiVersion,
      String kind,
      Duration every) {}

  /**
   * @param read reads the current objects
   * @param render turns an object into the event's object (itself, or a one-row Table)
   * @param startFrom the objects the client already knows (from its list), or empty to send every
   *     existing object as ADDED first
   * @param timeout how long the stream stays open
   * @param bookmarks how to make bookmarks, or null when the client did not allow them
   */
  WatchStream(
      Supplier<List<? extends HasMetadata>> read,
      Function<HasMetadata, Object> render,
      Optional<List<HasMetadata>> startFrom,
      Duration timeout,
      ObjectMapper json,
      Bookmarks bookmarks) {
    this.read = read;
    this.render = render;
    this.startFrom = startFrom;
    this.timeout = timeout;
    this.json = json;
    this.bookmarks = bookmarks;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    Map<String, HasMetadata> known = new HashMap<>();
    for (HasMetadata o : startFrom.orElse(List.of())) {
      known.put(o.getMetadata().getUid(), o);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastSent = System.nanoTime();
    while (true) {
      Map<String, HasMetadata> now = new HashMap<>();
      boolean sent = false;
      for (HasMetadata o : read.get()) {
        now.put(o.getMetadata().getUid(), o);
        HasMetadata before = known.get(o.getMetadata().getUid());
        if (before == null) {
          sent |= send(out, "ADDED", o);
        } else if (!before
            .getMetadata()
            .getResourceVersion()
            .equals(o.getMetadata().getResourceVersion())) {
          sent |= send(out, "MODIFIED", o);
        }
      }
      for (Map.Entry<String, HasMetadata> gone : known.entrySet()) {
        if (!now.containsKey(gone.getKey())) {
          sent |= send(out, "DELETED", gone.getValue());
        }
      }
      known = now;
      if (sent) {
        lastSent = System.nanoTime();
      } else if (bookmarks != null && System.nanoTime() - lastSent >= bookmarks.every().toNanos()) {
        bookmark(out, List.copyOf(known.values()));
        lastSent = System.nanoTime();
      }
      out.flush();
      if (System.nanoTime() >= deadline) {
        return;
      }
      sleep();
    }
  }

  /**
   * Sends one event. The event is written to bytes first, so an object that cannot be written is
   * left out (and logged) without cutting the stream short for every other object.
   */
  private boolean send(OutputStream out, String type, HasMetadata object) throws IOException {
    return writeEvent(out, json, render, type, object);
  }

  /**
   * Writes one watch event of either stream, this one or the cache's {@link FeedWatchStream}.
   *
   * @param render turns the object into the event's object (itself, or a one-row Table)
   * @return whether it was written: an object that cannot be written as JSON is logged instead
   */
  static boolean writeEvent(
      OutputStream out,
      ObjectMapper json,
      Function<HasMetadata, Object> render,
      String type,
      HasMetadata object)
      throws IOException {
    return writeLine(out, WatchEvents.encode(json, render, type, object));
  }

  /** Writes an encoded event and its newline; returns false, writing nothing, for none (null). */
  static boolean writeLine(OutputStream out, byte[] line) throws IOException {
    if (line == null) {
      return false;
    }
    out.write(line);
    out.write('\n');
    return true;
  }

  /** Sends a BOOKMARK whose resourceVersion resumes a watch from the objects sent so far. */
  private void bookmark(OutputStream out, List<HasMetadata> sent) throws IOException {
    Map<String, Object> object =
        Map.of(
            "kind",
            bookmarks.kind(),
            "apiVersion",
            bookmarks.apiVersion(),
            "metadata",
            Map.of("resourceVersion", bookmarks.remember().apply(sent)));
    out.write(json.writeValueAsBytes(Map.of("type", "BOOKMARK", "object", object)));
    out.write('\n');
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      // The server is shutting down or gave up on the request: end the stream quietly, as a
      // watch's end is normal and clients re-establish it.
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("watch ended");
    }
  }
}
