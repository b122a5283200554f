package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.cache.CacheEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes watch events as the lines a Kubernetes watch sends ({@code {"type": ..., "object":
 * ...}}). A change that the watch cache hands to many watches is encoded once for all the watches
 * that show it the same way (as the same version of the kind, without a Table), and each writes the
 * same bytes, so an event costs its encoding once however many watches it reaches. The bytes are
 * kept for the latest {@link #RECENT} events only: watches take a change within moments of each
 * other, and the window of older changes would otherwise hold its encodings too.
 */
final class WatchEvents {
  private static final Logger log = LoggerFactory.getLogger(WatchEvents.class);

  /** How many encoded events are kept for the watches that have not written them yet. */
  static final int RECENT = 1024;

  private final ObjectMapper json;
  private final Map<Shown, byte[]> recent =
      new LinkedHashMap<>(RECENT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Shown, byte[]> eldest) {
          return size() > RECENT;
        }
      };

  WatchEvents(ObjectMapper json) {
    this.json = json;
  }

  /**
   * One event as shown to every watch that serves the kind as {@code servedAs}.
   *
   * @param type the event's type for this watch (a change that moves an object out of a watch's
   *     selection is DELETED for it)
   * @param servedAs the apiVersion the watch serves; null when the rendering is the watch's own (a
   *     Table, whose ages change with the clock), which is then not shared
   * @param render turns the object into the event's object
   * @return the line without its newline, or null when the object cannot be written as JSON
   *     (logged)
   */
  byte[] encode(
      CacheEvent event, String type, String servedAs, Function<HasMetadata, Object> render) {
    if (servedAs == null) {
      return encode(json, render, type, event.object());
    }
    Shown shown = Shown.of(event, type, servedAs);
    synchronized (recent) {
      byte[] line = recent.get(shown);
      if (line == null) {
        line = encode(json, render, type, event.object());
        if (line != null) {
          recent.put(shown, line);
        }
      }
      return line;
    }
  }

  /**
   * Encodes one event of either watch stream, this cache's or the polling {@link WatchStream}.
   *
   * @return the line without its newline, or null when the object cannot be written as JSON: it is
   *     logged and left out, without cutting the stream short for every other object
   */
  static byte[] encode(
      ObjectMapper json, Function<HasMetadata, Object> render, String type, HasMetadata object) {
    try {
      return json.writeValueAsBytes(Map.of("type", type, "object", render.apply(object)));
    } catch (IOException | RuntimeException e) {
      log.error(
          "{} {} cannot be written as JSON and is left out of the watch",
          type,
          ItemWriter.describe(object),
          e);
      return null;
    }
  }

  /**
   * What makes two watches' lines for an event the same: the change (its position, and the object
   * at its uid and resourceVersion, as initial events share the cache's position), the type and the
   * served version.
   */
  private record Shown(
      long position,
      String kind,
      String uid,
      String name,
      String version,
      String type,
      String servedAs) {
    static Shown of(CacheEvent event, String type, String servedAs) {
      var metadata = event.object().getMetadata();
      return new Shown(
          event.position(),
          event.kind(),
          metadata.getUid(),
          metadata.getNamespace() + "/" + metadata.getName(),
          metadata.getResourceVersion(),
          type,
          servedAs);
    }
  }
}
