package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.cache.CacheEvent;
import io.fleetflow.client.cache.Subscription;
import io.fleetflow.model.feed.EntityChange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A Kubernetes watch served from the watch cache: the subscription's first events (the objects as
 * ADDED, or the changes after the resourceVersion the watch resumes from), then each change of the
 * kind as the feed brings it, with no read of its own. Label and field selectors filter as
 * Kubernetes filters a watch: an object that leaves the selection is DELETED for this watch, one
 * that enters it ADDED. BOOKMARKs, when allowed, carry the feed position up to which this watch has
 * been sent every change of its kind (the feed's, when the watch has caught up), so a watch resumed
 * from one misses nothing and repeats nothing, and a quiet watch's bookmarks keep up with the feed.
 */
final class FeedWatchStream implements StreamingResponseBody {
  /** The annotation of the BOOKMARK that ends a watch's initial events (Kubernetes' WatchList). */
  static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

  private final Subscription subscription;
  private final Scope scope;
  private final Function<HasMetadata, Object> render;
  private final WatchEvents events;
  private final String servedAs;
  private final Duration timeout;
  private final ObjectMapper json;
  private final WatchStream.Bookmarks bookmarks;
  private final boolean periodicBookmarks;
  private final boolean initialEventsEnd;
  private final Set<String> shown = new HashSet<>();

  /**
   * What one watch covers.
   *
   * @param kind the kind's name
   * @param namespace the namespace, or null for all
   * @param selected the label and field selectors
   */
  record Scope(String kind, String namespace, Predicate<HasMetadata> selected) {}

  FeedWatchStream(
      Subscription subscription,
      Scope scope,
      Function<HasMetadata, Object> render,
      WatchEvents events,
      String servedAs,
      Duration timeout,
      ObjectMapper json,
      WatchStream.Bookmarks bookmarks,
      boolean periodicBookmarks,
      boolean initialEventsEnd) {
    this.subscription = subscription;
    this.scope = scope;
    this.render = render;
    this.events = events;
    this.servedAs = servedAs;
    this.timeout = timeout;
    this.json = json;
    this.bookmarks = bookmarks;
    this.periodicBookmarks = periodicBookmarks;
    this.initialEventsEnd = initialEventsEnd;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (subscription) {
      long last = subscription.start();
      for (CacheEvent event : subscription.initial()) {
        deliver(out, event);
        last = Math.max(last, event.position());
      }
      if (initialEventsEnd) {
        bookmark(out, last, Map.of(INITIAL_EVENTS_END, "true"));
      }
      out.flush();
      long deadline = System.nanoTime() + timeout.toNanos();
      long quietSince = System.nanoTime();
      long every = periodicBookmarks ? bookmarks.every().toNanos() : Long.MAX_VALUE;
      while (true) {
        long now = System.nanoTime();
        if (now >= deadline) {
          return;
        }
        long wait = Math.min(deadline - now, Math.max(1, every - (now - quietSince)));
        CacheEvent event = subscription.next(Math.max(1, wait / 1_000_000));
        if (event != null && event.position() > last) {
          last = event.position();
          if (deliver(out, event)) {
            out.flush();
            quietSince = System.nanoTime();
          }
        }
        if (periodicBookmarks && System.nanoTime() - quietSince >= every) {
          bookmark(out, subscription.bookmarkable(last), Map.of());
          out.flush();
          quietSince = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("watch ended");
    } catch (RuntimeException e) {
      if (Subscription.ended(e)) {
        // The cache relisted or the gateway stops: the client watches again, as after any end.
        return;
      }
      throw e;
    }
  }

  /** Sends an event of the watch's kind that its scope covers; returns whether it sent one. */
  private boolean deliver(OutputStream out, CacheEvent event) throws IOException {
    HasMetadata object = event.object();
    if (!scope.kind().equals(event.kind())
        || (scope.namespace() != null
            && !scope.namespace().equals(object.getMetadata().getNamespace()))) {
      return false;
    }
    String key = object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    boolean wasShown = shown.contains(key);
    if (event.type() == EntityChange.Type.DELETED) {
      shown.remove(key);
      return (wasShown || scope.selected().test(object)) && send(out, "DELETED", event);
    }
    if (!scope.selected().test(object)) {
      // An object that leaves the selection is gone for this watch.
      return wasShown && shown.remove(key) && send(out, "DELETED", event);
    }
    shown.add(key);
    return send(out, event.type().name(), event);
  }

  private boolean send(OutputStream out, String type, CacheEvent event) throws IOException {
    return WatchStream.writeLine(out, events.encode(event, type, servedAs, render));
  }

  private void bookmark(OutputStream out, long position, Map<String, String> annotations)
      throws IOException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", Long.toString(position));
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    Map<String, Object> object =
        Map.of(
            "kind", bookmarks.kind(), "apiVersion", bookmarks.apiVersion(), "metadata", metadata);
    out.write(json.writeValueAsBytes(Map.of("type", "BOOKMARK", "object", object)));
    out.write('\n');
  }
}
