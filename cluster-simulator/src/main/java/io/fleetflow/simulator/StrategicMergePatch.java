package io.fleetflow.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Strategic merge patches, which {@code kubectl apply}, {@code kubectl label} and {@code kubectl
 * edit} send for built-in kinds and fabric8's mock server refuses. The simulator has no schemas, so
 * it follows the patch format's rules with the merge keys the built-in kinds use: maps merge
 * ({@code null} deletes a key, {@code $patch: replace} and {@code delete} are honoured), a list of
 * objects merges item by item on the first of {@code name}, {@code mountPath}, {@code
 * containerPort} and {@code type} that every patch item has ({@code $patch: delete} removes an
 * item), {@code $deleteFromPrimitiveList} removes values, and other lists are replaced. {@code
 * $setElementOrder} and {@code $retainKeys} are ignored.
 */
final class StrategicMergePatch {
  static final String CONTENT_TYPE = "application/strategic-merge-patch+json";

  private static final List<String> MERGE_KEYS =
      List.of("name", "mountPath", "containerPort", "type");
  private static final String DIRECTIVE = "$patch";
  private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

  private final Dispatcher crud;

  StrategicMergePatch(Dispatcher crud) {
    this.crud = crud;
  }

  static boolean isStrategicMergePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return "PATCH".equals(request.getMethod()) && type != null && type.startsWith(CONTENT_TYPE);
  }

  @SuppressWarnings("unchecked")
  MockResponse patch(RecordedRequest request) {
    String full = request.getPath();
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    Map<String, Object> patch;
    try {
      patch = Responses.JSON.readValue(request.getBody().readByteArray(), Map.class);
    } catch (IOException e) {
      return Responses.status(
          400,
          "BadRequest",
          "the strategic merge patch is not a JSON object: " + e.getMessage(),
          null);
    }
    MockResponse got = crud.dispatch(Responses.request(HttpMethod.GET, path, null));
    if (got.code() != 200) {
      return got;
    }
    Map<String, Object> current;
    try {
      current = Responses.JSON.readValue(got.getBody().readUtf8(), Map.class);
    } catch (JsonProcessingException e) {
      return Responses.status(500, "InternalError", "the stored object does not parse", null);
    }
    Map<String, Object> patched = mergeMap(current, patch);
    return crud.dispatch(Responses.request(HttpMethod.PUT, path, patched));
  }

  /** Applies a patch to a map and returns the result (a new map; the inputs are not changed). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mergeMap(Map<String, Object> current, Map<String, Object> patch) {
    if ("replace".equals(patch.get(DIRECTIVE))) {
      Map<String, Object> replaced = new LinkedHashMap<>(patch);
      replaced.remove(DIRECTIVE);
      return withoutDirectives(replaced);
    }
    Map<String, Object> result =
        current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
    for (Map.Entry<String, Object> entry : patch.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.startsWith(DELETE_FROM)) {
        String field = key.substring(DELETE_FROM.length());
        if (result.get(field) instanceof List<?> list && value instanceof List<?> gone) {
          List<Object> kept = new ArrayList<>(list);
          kept.removeAll(gone);
          result.put(field, kept);
        }
        continue;
      }
      if (key.startsWith("$")) {
        continue;
      }
      if (value == null) {
        result.remove(key);
      } else if (value instanceof Map<?, ?> patchMap) {
        Map<String, Object> patchObject = (Map<String, Object>) patchMap;
        if ("delete".equals(patchObject.get(DIRECTIVE))) {
          result.remove(key);
        } else {
          Object existing = result.get(key);
          result.put(
              key,
              mergeMap(
                  existing instanceof Map<?, ?> m ? (Map<String, Object>) m : null, patchObject));
        }
      } else if (value instanceof List<?> patchList) {
        Object existing = result.get(key);
        result.put(key, mergeList(existing instanceof List<?> l ? l : List.of(), patchList));
      } else {
        result.put(key, value);
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> mergeList(List<?> current, List<?> patch) {
    String mergeKey = mergeKey(patch);
    if (mergeKey == null) {
      List<Object> replaced = new ArrayList<>();
      for (Object item : patch) {
        replaced.add(
            item instanceof Map<?, ?> m ? withoutDirectives((Map<String, Object>) m) : item);
      }
      return replaced;
    }
    List<Object> result = new ArrayList<>(current);
    for (Object item : patch) {
      Map<String, Object> patchItem = (Map<String, Object>) item;
      Object key = patchItem.get(mergeKey);
      int at = indexOf(result, mergeKey, key);
      if ("delete".equals(patchItem.get(DIRECTIVE))) {
        if (at >= 0) {
          result.remove(at);
        }
      } else if (at >= 0) {
        result.set(at, mergeMap((Map<String, Object>) result.get(at), patchItem));
      } else {
        result.add(mergeMap(null, patchItem));
      }
    }
    return result;
  }

  private static String mergeKey(List<?> patch) {
    if (patch.isEmpty() || !patch.stream().allMatch(i -> i instanceof Map<?, ?>)) {
      return null;
    }
    for (String key : MERGE_KEYS) {
      if (patch.stream().allMatch(i -> ((Map<?, ?>) i).containsKey(key))) {
        return key;
      }
    }
    return null;
  }

  private static int indexOf(List<Object> items, String mergeKey, Object key) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Map<?, ?> m && Objects.equals(m.get(mergeKey), key)) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, Object> withoutDirectives(Map<String, Object> map) {
    Map<String, Object> clean = new LinkedHashMap<>(map);
    for (Iterator<String> keys = clean.keySet().iterator(); keys.hasNext(); ) {
      if (keys.next().startsWith("$")) {
        keys.remove();
      }
    }
    return clean;
  }
}
