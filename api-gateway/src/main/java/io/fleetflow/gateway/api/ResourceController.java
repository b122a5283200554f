package io.fleetflow.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.gateway.auth.AuthFilter;
import io.fleetflow.gateway.auth.Principal;
import io.fleetflow.gateway.entity.EntityService;
import io.fleetflow.gateway.entity.MergePatch;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.meta.ResourceKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The Kubernetes-style REST API of every kind in {@link Kinds#ALL}, on the paths a Kubernetes API
 * server uses. It parses and validates requests and leaves storage to {@link EntityService}.
 */
@RestController
public class ResourceController {
  private static final String CLUSTER_SCOPED = "/apis/{group}/{version}/{plural}";
  private static final String NAMESPACED =
      "/apis/{group}/{version}/namespaces/{namespace}/{plural}";
  private static final String REASON_HEADER = "X-Fleetflow-Reason";
  private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(30);

  private final EntityService entities;
  private final ListSnapshots snapshots;
  private final ObjectMapper json;
  private final YAMLMapper yaml = new YAMLMapper();

  public ResourceController(EntityService entities, ListSnapshots snapshots, ObjectMapper json) {
    this.entities = entities;
    this.snapshots = snapshots;
    this.json = json;
  }

  @GetMapping({CLUSTER_SCOPED, NAMESPACED})
  public ResponseEntity<?> list(
      @PathVariable String group,
      @PathVariable String version,
      @PathVariable String plural,
      @PathVariable(required = false) String namespace,
      @RequestParam(required = false) String labelSelector,
      @RequestParam(required = false) String fieldSelector,
      @RequestHeader(value = "Accept", required = false) String accept) {
    ResourceKind<HasMetadata> kind = kind(group, version, plural);
    List<HasMetadata> items = select(kind, namespace, labelSelector, fieldSelector);
    if (Tables.wanted(accept)) {
      return ResponseEntity.ok(Tables.of(kind, items, Instant.now()));
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", kind.kind() + "List");
    list.put("apiVersion", kind.apiVersion());
    list.put("metadata", Map.of("resourceVersion", snapshots.remember(items)));
    list.put("items", items);
    return ResponseEntity.ok(list);
  }

  @GetMapping(
      value = {CLUSTER_SCOPED, NAMESPACED},
      params = {"watch"})
  public ResponseEntity<StreamingResponseBody> watch(
      @PathVariable String group,
      @PathVariable String version,
      @PathVariable String plural,
      @PathVariable(required = false) String namespace,
      @RequestParam(required = false) String labelSelector,
      @RequestParam(required = false) String fieldSelector,
      @RequestParam String watch,
      @RequestParam(required = false) String resourceVersion,
      @RequestParam(required = false) Long timeoutSeconds,
      @RequestHeader(value = "Accept", required = false) String accept) {
    ResourceKind<HasMetadata> kind = kind(group, version, plural);
    if (!"true".equals(watch) && !"1".equals(watch)) {
      throw ApiException.badRequest("watch must be true or 1, got " + watch);
    }
    Selector.parse(labelSelector, fieldSelector);
    boolean table = Tables.wanted(accept);
    WatchStream stream =
        new WatchStream(
            () -> select(kind, namespace, labelSelector, fieldSelector),
            o -> table ? Tables.of(kind, List.of(o), Instant.now()) : o,
            snapshots
                .recall(resourceVersion)
                .map(
                    known ->
                        known.stream()
                            .filter(Selector.parse(labelSelector, fieldSelector))
                            .toList()),
            timeoutSeconds == null ? DEFAULT_WATCH_TIMEOUT : Duration.ofSeconds(timeoutSeconds),
            json);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(stream);
  }

  private List<HasMetadata> select(
      ResourceKind<HasMetadata> kind,
      String namespace,
      String labelSelector,
      String fieldSelector) {
    Predicate<HasMetadata> selected = Selector.parse(labelSelector, fieldSelector);
    return entities.list(kind, kind.namespaced() ? namespace : null).stream()
        .filter(selected)
        .toList();
  }

  @GetMapping({CLUSTER_SCOPED + "/{name}", NAMESPACED + "/{name}"})
  public ResponseEntity<?> get(
      @PathVariable String group,
      @PathVariable String version,
      @PathVariable String plural,
      @PathVariable(required = false) String namespace,
      @PathVariable String name,
      @RequestHeader(value = "Accept", required = false) String accept) {
    ResourceKind<HasMetadata> kind = kind(group, version, plural);
    HasMetadata object = entities.get(kind, scoped(kind, namespace), name);
    return Tables.wanted(accept)
        ? ResponseEntity.ok(Tables.of(kind, List.of(object), Instant.now()))
        : ResponseEntity.ok(object);
  }

  @PostMapping({CLUSTER_SCOPED, NAMESPACED})
  public ResponseEntity<?> create(
      @PathVariable String group,
      @PathVariable String version,
      @PathVariable String plural,
      @PathVariable(required = false) String namespace,
      @RequestParam(required = false) String fieldValidation,
      @RequestBody(required = false) byte[] body,
      @RequestHeader(value = "Content-Type", required = false) String contentType,
      HttpServletRequest request,
      HttpServletResponse response) {
    ResourceKind<HasMetadata> kind = kind(group, version, plural);
    HasMetadata object = toObject(kind, tree(body, contentType), fieldValidation, response);
    placeInPath(kind, object, namespace, null);
    HasMetadata created = entities.create(kind, object, actor(request));
    return ResponseEntity.status(HttpStatus.CREATED).body(created);
  }

  @PutMapping({CLUSTER_SCOPED + "/{name}", NAMESPACED + "/{name}"})
  public ResponseEntity<?> replace(
      @PathVariable String group,
      @PathVariable String version,
      @PathVariable String plural,
      @PathVariable(required = false) String namespace,
      @PathVariable String name,
      @RequestParam(required = false) String fieldValidation,
      @RequestBody(required = false) byte[] body,
      @RequestHeader(value = "Content-Type", required = false) String contentType,
      HttpServletRequest request,
      HttpServletResponse response) {
    ResourceKind<HasMetadata> kind = kind(group, version, plural);
    HasMetadata proposed = toObject(kind, tree(body, contentType), fieldValidation, response);
    placeInPath(kind, proposed, namespace, name);
    HasMetadata current = entities.get(kind, scoped(kind, namespace), name);
    return ResponseEntity.ok(entities.replace(kind, current, proposed, actor(request)));
  }

  @PatchMapping({CLUSTER_SCOPED + "/{name}", NAMESPACED + "/{name}"})
  public ResponseEntity<?> patch(
      @PathVariable String group,
      @PathVariable String version,
      @PathVariable String plural,
      @PathVariable(required = false) String namespace,
      @PathVariable String name,
      @RequestParam(required = false) String fieldValidation,
      @RequestBody(required = false) byte[] body,
      @RequestHeader(value = "Content-Type", required = false) String contentType,
      HttpServletRequest request,
      HttpServletResponse response) {
    ResourceKind<HasMetadata> kind = kind(group, version, plural);
    String type = contentType == null ? "" : contentType;
    if (type.startsWith("application/json-patch+json")) {
      throw ApiException.unsupportedMediaType(
          "JSON patch is not supported; use --type=merge (application/merge-patch+json)");
    }
    JsonNode patch = tree(body, type);
    String ns = scoped(kind, namespace);
    HasMetadata current;
    try {
      current = entities.get(kind, ns, name);
    } catch (ApiException e) {
      if (e.code() == 404 && type.startsWith("application/apply-patch")) {
        // Server-side apply of an object that does not exist yet creates it.
        HasMetadata created = toObject(kind, patch, fieldValidation, response);
        placeInPath(kind, created, namespace, name);
        return ResponseEntity.status(HttpStatus.CREATED)
            .body(entities.create(kind, created, actor(request)));
      }
      throw e;
    }
    // Strategic merge and apply patches are treated as merge patches: OCM's kinds have no merge
    // keys, so the three agree on every field they define.
    JsonNode merged = MergePatch.apply(json.valueToTree(current), patch);
    HasMetadata proposed = toObject(kind, merged, fieldValidation, response);
    placeInPath(kind, proposed, namespace, name);
    return ResponseEntity.ok(entities.replace(kind, current, proposed, actor(request)));
  }

  @DeleteMapping({CLUSTER_SCOPED + "/{name}", NAMESPACED + "/{name}"})
  public ResponseEntity<?> delete(
      @PathVariable String group,
      @PathVariable String version,
      @PathVariable String plural,
      @PathVariable(required = false) String namespace,
      @PathVariable String name,
      HttpServletRequest request) {
    ResourceKind<HasMetadata> kind = kind(group, version, plural);
    return ResponseEntity.ok(entities.delete(kind, scoped(kind, namespace), name, actor(request)));
  }

  @SuppressWarnings("unchecked")
  private static ResourceKind<HasMetadata> kind(String group, String version, String plural) {
    return (ResourceKind<HasMetadata>)
        Kinds.byPath(group, version, plural)
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "NotFound",
                        "the server could not find the requested resource ("
                            + plural
                            + "."
                            + group
                            + "/"
                            + version
                            + ")",
                        null,
                        null));
  }

  private static String scoped(ResourceKind<?> kind, String namespace) {
    if (kind.namespaced() && namespace == null) {
      throw ApiException.badRequest(
          kind.plural()
              + " are namespaced: use /apis/"
              + kind.group()
              + "/"
              + kind.version()
              + "/namespaces/<namespace>/"
              + kind.plural());
    }
    if (!kind.namespaced() && namespace != null) {
      throw ApiException.badRequest(
          kind.plural() + " are cluster-scoped: drop /namespaces/" + namespace);
    }
    return namespace;
  }

  /** Checks that the body's name and namespace agree with the path, filling them in if unset. */
  private static void placeInPath(
      ResourceKind<?> kind, HasMetadata object, String namespace, String name) {
    scoped(kind, namespace);
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    ObjectMeta meta = object.getMetadata();
    if (kind.namespaced()) {
      if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
        meta.setNamespace(namespace);
      } else if (!meta.getNamespace().equals(namespace)) {
        throw ApiException.badRequest(
            "the namespace of the object ("
                + meta.getNamespace()
                + ") does not match the namespace of the request ("
                + namespace
                + ")");
      }
    }
    if (name != null && meta.getName() == null) {
      meta.setName(name);
    } else if (name != null && !name.equals(meta.getName())) {
      throw ApiException.badRequest(
          "the name of the object ("
              + meta.getName()
              + ") does not match the name in the URL ("
              + name
              + ")");
    }
  }

  private HasMetadata toObject(
      ResourceKind<HasMetadata> kind,
      JsonNode tree,
      String fieldValidation,
      HttpServletResponse response) {
    HasMetadata object = toObject(kind, tree);
    for (String warning :
        FieldValidation.of(fieldValidation).check(tree, json.valueToTree(object))) {
      response.addHeader("Warning", "299 - \"" + warning.replace("\"", "'") + "\"");
    }
    return object;
  }

  private HasMetadata toObject(ResourceKind<HasMetadata> kind, JsonNode tree) {
    String apiVersion = tree.path("apiVersion").asText(null);
    String kindName = tree.path("kind").asText(null);
    if (!Objects.equals(apiVersion, kind.apiVersion()) || !Objects.equals(kindName, kind.kind())) {
      throw ApiException.badRequest(
          "the object is apiVersion "
              + apiVersion
              + ", kind "
              + kindName
              + ", but this endpoint serves apiVersion "
              + kind.apiVersion()
              + ", kind "
              + kind.kind());
    }
    try {
      return json.treeToValue(tree, kind.type());
    } catch (MismatchedInputException e) {
      String field =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
              .orElse("?");
      throw ApiException.badRequest(
          kind.kind() + " is invalid: " + field + ": wrong type (" + e.getOriginalMessage() + ")");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(kind.kind() + " is invalid: " + e.getOriginalMessage());
    }
  }

  private JsonNode tree(byte[] body, String contentType) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request has no body: send the object as JSON or YAML");
    }
    try {
      boolean isYaml = contentType != null && contentType.contains("yaml");
      JsonNode tree = isYaml ? yaml.readTree(body) : json.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw ApiException.badRequest("the request body must be one object");
      }
      return tree;
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON or YAML: " + e.getMessage());
    }
  }

  private static Actor actor(HttpServletRequest request) {
    Principal principal = (Principal) request.getAttribute(AuthFilter.PRINCIPAL);
    return new Actor(principal.user(), principal.groups(), request.getHeader(REASON_HEADER));
  }
}
