package io.fleetflow.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Server-side apply ({@code PATCH} with {@code application/apply-patch+yaml}) for the simulator,
 * which fabric8's mock server does not answer. It keeps what a real API server keeps: which field
 * manager owns which fields ({@code metadata.managedFields}, operation {@code Apply}, in the {@code
 * FieldsV1} format); a field another manager owns with a different value is a 409 conflict naming
 * the manager and the field, unless the request forces; fields a manager stops applying are removed
 * when no one else owns them. Simplifications: lists are owned as a whole (a real server merges
 * lists with keys, such as containers by name), and objects written by plain create, update or
 * patch record no manager.
 */
final class ServerSideApply {
  /**
   * Marks the answer to an apply that changed nothing, as a real API server writes nothing then and
   * no controller hears of it; the dispatcher removes the mark before answering.
   */
  static final String UNCHANGED = "X-Simulator-Unchanged";

  /** The content type of an apply patch. */
  static final String CONTENT_TYPE = "application/apply-patch";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> IDENTITY =
      Set.of(".apiVersion", ".kind", ".metadata.name", ".metadata.namespace");

  private final Dispatcher crud;

  ServerSideApply(Dispatcher crud) {
    this.crud = crud;
  }

  static boolean isApply(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return "PATCH".equals(request.getMethod()) && type != null && type.startsWith(CONTENT_TYPE);
  }

  @SuppressWarnings("unchecked")
  MockResponse apply(RecordedRequest request) {
    String full = request.getPath();
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    Map<String, String> query = query(q < 0 ? "" : full.substring(q + 1));
    String manager = query.get("fieldManager");
    if (manager == null || manager.isEmpty()) {
      return Responses.status(
          422, "Invalid", "fieldManager is required for apply requests: set ?fieldManager=", null);
    }
    boolean force = "true".equals(query.get("force"));
    Map<String, Object> applied;
    byte[] body = request.getBody().readByteArray();
    try {
      applied = YAML.readValue(body, Map.class);
    } catch (IOException | RuntimeException e) {
      // A malformed body is the client's fault; answer it rather than leave the request hanging.
      return Responses.status(
          400,
          "BadRequest",
          "the apply patch ("
              + body.length
              + " bytes, starting "
              + HexFormat.of().formatHex(body, 0, Math.min(16, body.length))
              + ") is not YAML or JSON: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          null);
    }
    if (applied == null) {
      return Responses.status(400, "BadRequest", "the apply patch is empty", null);
    }
    applied.remove("status");
    Map<String, Object> appliedMeta =
        map(applied.computeIfAbsent("metadata", k -> new LinkedHashMap<>()));
    appliedMeta.remove("resourceVersion");
    appliedMeta.remove("managedFields");
    String[] segments = path.split("/");
    int ns = List.of(segments).indexOf("namespaces");
    if (ns >= 0 && ns + 2 < segments.length) {
      appliedMeta.put("namespace", segments[ns + 1]);
    }
    appliedMeta.put("name", segments[segments.length - 1]);

    MockResponse got = crud.dispatch(Responses.request(HttpMethod.GET, path, null));
    Map<String, Object> existing = null;
    if (got.code() == 200) {
      try {
        existing = JSON.readValue(got.getBody().readUtf8(), Map.class);
      } catch (JsonProcessingException e) {
        return Responses.status(500, "InternalError", "the stored object does not parse", null);
      }
    }
    Map<String, Set<String>> owners = owners(existing);
    Map<String, Object> appliedFields = new LinkedHashMap<>();
    leaves("", applied, appliedFields);
    IDENTITY.forEach(appliedFields::remove);

    Map<String, String> conflicts = new LinkedHashMap<>();
    for (var field : appliedFields.entrySet()) {
      for (var owner : owners.entrySet()) {
        if (owner.getKey().equals(manager) || !owner.getValue().contains(field.getKey())) {
          continue;
        }
        Object current = existing == null ? null : at(existing, field.getKey());
        if (!Objects.equals(JSON.valueToTree(current), JSON.valueToTree(field.getValue()))) {
          conflicts.put(field.getKey(), owner.getKey());
        }
      }
    }
    if (!conflicts.isEmpty() && !force) {
      return conflict(conflicts);
    }
    conflicts.forEach((field, owner) -> owners.get(owner).remove(field));

    Map<String, Object> result =
        existing == null ? new LinkedHashMap<>() : (Map<String, Object>) deepCopy(existing);
    Set<String> dropped = new TreeSet<>(owners.getOrDefault(manager, Set.of()));
    dropped.removeAll(appliedFields.keySet());
    for (String field : dropped) {
      boolean ownedByOthers =
          owners.entrySet().stream()
              .anyMatch(o -> !o.getKey().equals(manager) && o.getValue().contains(field));
      if (!ownedByOthers) {
        remove(result, field);
      }
    }
    merge(result, applied);
    owners.put(manager, new TreeSet<>(appliedFields.keySet()));
    owners.values().removeIf(Set::isEmpty);
    Map<String, Object> resultMeta = map(result.get("metadata"));
    resultMeta.put(
        "managedFields", managedFields(owners, String.valueOf(applied.get("apiVersion"))));
    if (existing != null) {
      if (JSON.valueToTree(result).equals(JSON.valueToTree(existing))) {
        return Responses.json(200, existing).setHeader(UNCHANGED, "true");
      }
      resultMeta.put("resourceVersion", map(existing.get("metadata")).get("resourceVersion"));
      return crud.dispatch(Responses.request(HttpMethod.PUT, path, result));
    }
    String collection = path.substring(0, path.lastIndexOf('/'));
    return crud.dispatch(Responses.request(HttpMethod.POST, collection, result));
  }

  /** Reads the managers and the fields each owns from metadata.managedFields. */
  @SuppressWarnings("unchecked")
  private static Map<String, Set<String>> owners(Map<String, Object> existing) {
    Map<String, Set<String>> owners = new LinkedHashMap<>();
    if (existing == null) {
      return owners;
    }
    Object managed = map(existing.get("metadata")).get("managedFields");
    if (managed instanceof List<?> entries) {
      for (Object e : entries) {
        Map<String, Object> entry = map(e);
        Set<String> fields = new TreeSet<>();
        fieldsV1("", map(entry.get("fieldsV1")), fields);
        owners
            .computeIfAbsent(String.valueOf(entry.get("manager")), k -> new TreeSet<>())
            .addAll(fields);
      }
    }
    return owners;
  }

  private static void fieldsV1(String prefix, Map<String, Object> node, Set<String> out) {
    for (var e : node.entrySet()) {
      String key = e.getKey().startsWith("f:") ? e.getKey().substring(2) : e.getKey();
      String path = child(prefix, key);
      Map<String, Object> child = map(e.getValue());
      if (child.isEmpty()) {
        out.add(path);
      } else {
        fieldsV1(path, child, out);
      }
    }
  }

  private static List<Map<String, Object>> managedFields(
      Map<String, Set<String>> owners, String apiVersion) {
    List<Map<String, Object>> entries = new ArrayList<>();
    owners.forEach(
        (manager, fields) -> {
          Map<String, Object> tree = new LinkedHashMap<>();
          for (String field : fields) {
            Map<String, Object> node = tree;
            for (String part : parts(field)) {
              node = map(node.computeIfAbsent("f:" + part, k -> new LinkedHashMap<>()));
            }
          }
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("manager", manager);
          entry.put("operation", "Apply");
          entry.put("apiVersion", apiVersion);
          entry.put("fieldsType", "FieldsV1");
          entry.put("fieldsV1", tree);
          entries.add(entry);
        });
    return entries;
  }

  /** Collects the leaf fields of an object; lists and empty maps count as leaves. */
  private static void leaves(String prefix, Map<String, Object> object, Map<String, Object> out) {
    for (var e : object.entrySet()) {
      String path = child(prefix, e.getKey());
      if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
        leaves(path, map(child), out);
      } else {
        out.put(path, e.getValue());
      }
    }
  }

  private static Object at(Map<String, Object> object, String path) {
    Object node = object;
    for (String part : parts(path)) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(part);
    }
    return node;
  }

  private static void remove(Map<String, Object> object, String path) {
    String[] parts = parts(path);
    Map<String, Object> node = object;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(node.get(parts[i]) instanceof Map<?, ?> child)) {
        return;
      }
      node = map(child);
    }
    node.remove(parts[parts.length - 1]);
  }

  /**
   * The path of a key below a path. Keys may hold dots themselves (annotation and label keys such
   * as {@code app.kubernetes.io/name}, ConfigMap keys such as {@code app.properties}), so a dot in
   * a key is escaped, and {@link #parts} splits only at the dots between keys.
   */
  private static String child(String prefix, String key) {
    return prefix + "." + key.replace(".", "\\.");
  }

  /** The keys of a path made by {@link #child}. */
  private static String[] parts(String path) {
    String[] parts = path.substring(1).split("(?<!\\\\)\\.");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].replace("\\.", ".");
    }
    return parts;
  }

  /** A path as people write it, without the escapes. */
  private static String shown(String path) {
    return path.replace("\\.", ".");
  }

  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    for (var e : from.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> child
          && into.get(e.getKey()) instanceof Map<?, ?> mine) {
        merge(map(mine), map(child));
      } else {
        into.put(e.getKey(), deepCopy(e.getValue()));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return copy;
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>();
      l.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  private static Map<String, String> query(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private MockResponse conflict(Map<String, String> conflicts) {
    Set<String> lines = new LinkedHashSet<>();
    List<Map<String, Object>> causes = new ArrayList<>();
    conflicts.forEach(
        (field, owner) -> {
          lines.add("conflict with \"" + owner + "\": " + shown(field));
          causes.add(
              Map.of(
                  "reason",
                  "FieldManagerConflict",
                  "message",
                  "conflict with \"" + owner + "\"",
                  "field",
                  shown(field)));
        });
    String message =
        "Apply failed with "
            + conflicts.size()
            + (conflicts.size() == 1 ? " conflict: " : " conflicts: ")
            + String.join("\n", lines);
    return Responses.status(409, "Conflict", message, causes);
  }
}
