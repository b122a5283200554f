package io.fleetflow.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the writes a simulated cluster's API took, per method and object path. A creation (POST to
 * the collection) counts for the object it names, so every write is counted where the object lives.
 * A write the API refused (a creation of an object that exists, an update of a stale version)
 * changed nothing and is not counted: a client may send one again and again without harm, and what
 * a test asks is how often the object was written.
 */
final class WriteLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  /** The key a write request is counted under: its method and the path of the object. */
  static String keyOf(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getPath();
    int query = path.indexOf('?');
    String objectPath = query < 0 ? path : path.substring(0, query);
    if ("POST".equals(method)) {
      objectPath = objectPath + "/" + nameIn(request);
    }
    return method + " " + objectPath;
  }

  /** Counts the write under its key when the API took it. */
  void record(String key, int responseCode) {
    if (responseCode < 300) {
      counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  int count(String method, String objectPath) {
    AtomicInteger count = counts.get(method + " " + objectPath);
    return count == null ? 0 : count.get();
  }

  /** Every count so far, keyed {@code METHOD /object/path}, sorted by key. */
  Map<String, Integer> snapshot() {
    Map<String, Integer> copy = new TreeMap<>();
    counts.forEach((key, count) -> copy.put(key, count.get()));
    return copy;
  }

  private static String nameIn(RecordedRequest request) {
    try {
      JsonNode body = JSON.readTree(request.getBody().getBytes());
      return body.path("metadata").path("name").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
