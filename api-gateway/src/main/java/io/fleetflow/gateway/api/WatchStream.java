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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A Kubernetes watch stream: newline-delimited {@code {"type": ..., "object": ...}} events. The
 * gateway derives events by comparing successive reads of the objects' workflows, keyed by uid and
 * resourceVersion, which every entity workflow moves on every change.
 */
final class WatchStream implements StreamingResponseBody {
  private static final Logger log = LoggerFactory.getLogger(WatchStream.class);
  static final Duration POLL = Duration.ofMillis(500);

  private final Supplier<List<? extends HasMetadata>> read;
  private final Function<HasMetadata, Object> render;
  private final Optional<List<HasMetadata>> startFrom;
  private final Duration timeout;
  private final ObjectMapper json;

  /**
   * @param read reads the current objects
   * @param render turns an object into the event's object (itself, or a one-row Table)
   * @param startFrom the objects the client already knows (from its list), or empty to send every
   *     existing object as ADDED first
   * @param timeout how long the stream stays open
   */
  WatchStream(
      Supplier<List<? extends HasMetadata>> read,
      Function<HasMetadata, Object> render,
      Optional<List<HasMetadata>> startFrom,
      Duration timeout,
      ObjectMapper json) {
    this.read = read;
    this.render = render;
    this.startFrom = startFrom;
    this.timeout = timeout;
    this.json = json;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    Map<String, HasMetadata> known = new HashMap<>();
    for (HasMetadata o : startFrom.orElse(List.of())) {
      known.put(o.getMetadata().getUid(), o);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, HasMetadata> now = new HashMap<>();
      for (HasMetadata o : read.get()) {
        now.put(o.getMetadata().getUid(), o);
        HasMetadata before = known.get(o.getMetadata().getUid());
        if (before == null) {
          send(out, "ADDED", o);
        } else if (!before
            .getMetadata()
            .getResourceVersion()
            .equals(o.getMetadata().getResourceVersion())) {
          send(out, "MODIFIED", o);
        }
      }
      for (Map.Entry<String, HasMetadata> gone : known.entrySet()) {
        if (!now.containsKey(gone.getKey())) {
          send(out, "DELETED", gone.getValue());
        }
      }
      known = now;
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
  private void send(OutputStream out, String type, HasMetadata object) throws IOException {
    byte[] event;
    try {
      event = json.writeValueAsBytes(Map.of("type", type, "object", render.apply(object)));
    } catch (IOException | RuntimeException e) {
      log.error(
          "{} {} cannot be written as JSON and is left out of the watch",
          type,
          ItemWriter.describe(object),
          e);
      return;
    }
    out.write(event);
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
