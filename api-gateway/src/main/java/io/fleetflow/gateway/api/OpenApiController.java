package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.registry.Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal OpenAPI v3 document per group version. {@code kubectl apply} reads it to learn that the
 * server validates fields itself (the {@code fieldValidation} parameter of each kind's PATCH), so
 * it sends objects as they are instead of refusing to validate them client-side.
 */
@RestController
public class OpenApiController {
  @GetMapping("/openapi/v3")
  public Map<String, Object> root() {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (ResourceKind<? extends HasMetadata> kind : Kinds.ALL) {
      for (String version : kind.versions()) {
        String gv = "apis/" + kind.group() + "/" + version;
        // The hash names the document's content, so clients that cache by it see new kinds.
        String hash =
            Integer.toHexString(
                DiscoveryController.kindsOf(kind.group(), version).stream()
                    .map(ResourceKind::kind)
                    .toList()
                    .hashCode());
        paths.put(gv, Map.of("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + hash));
      }
    }
    return Map.of("paths", paths);
  }

  @GetMapping("/openapi/v3/apis/{group}/{version}")
  public Map<String, Object> groupVersion(
      @PathVariable String group, @PathVariable String version) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (ResourceKind<? extends HasMetadata> kind : DiscoveryController.kindsOf(group, version)) {
      String base =
          "/apis/"
              + group
              + "/"
              + version
              + (kind.namespaced() ? "/namespaces/{namespace}/" : "/")
              + kind.plural();
      Map<String, Object> gvk =
          Map.of("group", kind.group(), "version", version, "kind", kind.kind());
      Map<String, Object> fieldValidation =
          Map.of(
              "name", "fieldValidation",
              "in", "query",
              "description", "The server validates every object it stores.",
              "schema", Map.of("type", "string"));
      Map<String, Object> operation =
          Map.of(
              "operationId",
              "patch" + kind.kind(),
              "parameters",
              List.of(fieldValidation),
              "x-kubernetes-group-version-kind",
              gvk,
              "responses",
              Map.of("200", Map.of("description", "OK")));
      paths.put(base + "/{name}", Map.of("patch", operation));
    }
    return Map.of(
        "openapi", "3.0.0", "info", Map.of("title", "Fleetflow", "version", "v1"), "paths", paths);
  }
}
