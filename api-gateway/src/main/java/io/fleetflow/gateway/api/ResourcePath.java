package io.fleetflow.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.VersionConversion;
import io.fleetflow.model.registry.Kinds;
import java.util.Map;

/**
 * What a request's path names: the kind, the namespace (for namespaced kinds) and the object's name
 * (null for collections). Built from the URI variables {@code group}, {@code version}, {@code
 * plural}, {@code namespace} and {@code name}, with the kind and its scope already checked.
 */
public record ResourcePath(
    ResourceKind<HasMetadata> kind, String version, String namespace, String name) {

  /** Resolves a path's URI variables, refusing unknown kinds and namespaces on the wrong scope. */
  @SuppressWarnings("unchecked")
  public static ResourcePath of(Map<String, String> uriVariables) {
    String group = uriVariables.get("group");
    String version = uriVariables.get("version");
    String plural = uriVariables.get("plural");
    String namespace = uriVariables.get("namespace");
    ResourceKind<HasMetadata> kind =
        (ResourceKind<HasMetadata>)
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
    if (kind.namespaced() && namespace == null && uriVariables.containsKey("name")) {
      throw ApiException.badRequest(
          kind.plural()
              + " are namespaced: use /apis/"
              + kind.apiVersion()
              + "/namespaces/<namespace>/"
              + kind.plural());
    }
    if (!kind.namespaced() && namespace != null) {
      throw ApiException.badRequest(
          kind.plural() + " are cluster-scoped: drop /namespaces/" + namespace);
    }
    return new ResourcePath(kind, version, namespace, uriVariables.get("name"));
  }

  /** The {@code apiVersion} the path serves, which may be one the kind converts to. */
  public String apiVersion() {
    return kind.apiVersion(version);
  }

  /** How objects convert to the path's version, or null when it is the kind's own. */
  public VersionConversion conversion() {
    return kind.conversionTo(version);
  }

  /**
   * A request body at the path's version as the kind stores it. A body of another version than the
   * path's is refused, as a Kubernetes API server refuses it.
   */
  public JsonNode toStored(JsonNode body) {
    VersionConversion conversion = conversion();
    if (conversion == null || !(body instanceof ObjectNode object)) {
      return body;
    }
    String apiVersion = object.path("apiVersion").asText(null);
    if (!apiVersion().equals(apiVersion)) {
      throw ApiException.badRequest(
          "the object is apiVersion "
              + apiVersion
              + ", but this endpoint serves apiVersion "
              + apiVersion()
              + ": send it to /apis/"
              + (apiVersion == null ? kind.apiVersion() : apiVersion)
              + "/..., or convert it");
    }
    return conversion.toStored(object.deepCopy());
  }

  /** An object as the path's version shows it: itself at the kind's own version, else converted. */
  public Object served(Object object, ObjectMapper json) {
    VersionConversion conversion = conversion();
    return conversion == null || object == null
        ? object
        : conversion.toServed(json.valueToTree(object));
  }

  /**
   * Refuses a write to a kind that is derived from other objects, such as PlacementDecisions, with
   * 405 and the object to change instead.
   */
  public void requireWritable(String verb) {
    if (kind.derived()) {
      throw new ApiException(
          405,
          "MethodNotAllowed",
          "may not "
              + verb
              + " "
              + kind.plural()
              + ": they are derived from their owner and served read-only (get, list, watch);"
              + " change the owner instead (for "
              + kind.plural()
              + ", the "
              + kind.derivation().source().kind()
              + ")",
          new ApiException.StatusDetails(name, kind.group(), kind.plural()),
          null);
    }
  }

  /**
   * Checks that an object's name and namespace agree with the path, filling them in where the
   * object leaves them unset, as a Kubernetes API server does.
   */
  public void place(HasMetadata object) {
    if (kind.namespaced() && namespace == null) {
      throw ApiException.badRequest(
          "create "
              + kind.plural()
              + " in a namespace: /apis/"
              + kind.apiVersion()
              + "/namespaces/<namespace>/"
              + kind.plural());
    }
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
}
