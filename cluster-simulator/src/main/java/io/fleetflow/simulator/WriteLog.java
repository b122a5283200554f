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
 * Counts the writes a simulated cluster's API receives, per method and object path. A creation
 * (POST to the collection) counts for the object it names, so every write is counted where the
 * object lives.
 */
final class WriteLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  void record(RecordedRequest request) {
    String method = request.getMethod();
    if ("GET".equals(method)) {
      return;
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    String objectPath = query < 0 ? path : path.substring(0, query);
    if ("POST".equals(method)) {
      objectPath = objectPath + "/" + nameIn(request);
    }
    counts.computeIfAbsent(method + " " + objectPath, k -> new AtomicInteger()).incrementAndGet();
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
