package io.fleetflow.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of OpenAPI v3 that kubectl reads before {@code kubectl apply}: whether the server
 * validates fields itself (the {@code fieldValidation} query parameter of each kind's PATCH). A
 * server that says yes is trusted with validation, so kubectl needs no schema of its own and sends
 * {@code fieldValidation=Strict} instead of failing on a schema the simulator does not have. The
 * documents name the built-in kinds of {@link Discovery}; they carry no schemas.
 */
final class OpenApiV3 {
  /** Where the index of group versions is served. */
  static final String ROOT = "/openapi/v3";

  private OpenApiV3() {}

  /** The document at {@code path}, or null when there is none. */
  static Map<String, Object> document(String path) {
    if (path.equals(ROOT)) {
      return root();
    }
    if (!path.startsWith(ROOT + "/")) {
      return null;
    }
    String apiPath = path.substring(ROOT.length() + 1);
    String groupVersion =
        apiPath.startsWith("api/")
            ? apiPath.substring(4)
            : apiPath.startsWith("apis/") ? apiPath.substring(5) : null;
    return groupVersion != null && Discovery.GROUP_VERSIONS.containsKey(groupVersion)
        ? groupVersionDocument(groupVersion)
        : null;
  }

  private static Map<String, Object> root() {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (String groupVersion : Discovery.GROUP_VERSIONS.keySet()) {
      String apiPath = apiPath(groupVersion).substring(1);
      paths.put(apiPath, Map.of("serverRelativeURL", ROOT + "/" + apiPath));
    }
    return Map.of("paths", paths);
  }

  private static Map<String, Object> groupVersionDocument(String groupVersion) {
    int slash = groupVersion.indexOf('/');
    String group = slash < 0 ? "" : groupVersion.substring(0, slash);
    String version = groupVersion.substring(slash + 1);
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Discovery.Served served : Discovery.GROUP_VERSIONS.get(groupVersion)) {
      String collection =
          apiPath(groupVersion)
              + (served.namespaced() ? "/namespaces/{namespace}/" : "/")
              + served.plural();
      Map<String, Object> patch =
          Map.of(
              "x-kubernetes-group-version-kind",
              Map.of("group", group, "version", version, "kind", served.kind()),
              "parameters",
              List.of(
                  Map.of(
                      "name", "fieldValidation", "in", "query", "schema", Map.of("type", "string")),
                  Map.of(
                      "name", "fieldManager", "in", "query", "schema", Map.of("type", "string"))));
      paths.put(collection + "/{name}", Map.of("patch", patch));
    }
    return Map.of(
        "openapi",
        "3.0.0",
        "info",
        Map.of("title", "Fleetflow cluster simulator", "version", groupVersion),
        "paths",
        paths);
  }

  private static String apiPath(String groupVersion) {
    return groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
  }
}
