package io.fleetflow.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.patch.PatchType;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies (JSON or YAML) into objects of a kind, refusing bodies that are not one
 * object of that kind and naming the field of a wrongly typed value.
 */
@Component
public class ObjectReader {
  private final ObjectMapper json;
  private final YAMLMapper yaml = new YAMLMapper();

  public ObjectReader(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Parses a body into a JSON tree; YAML when the content type says so. The body is one object, or
   * for a JSON patch ({@code application/json-patch+json}) a list of operations.
   */
  public JsonNode tree(byte[] body, String contentType) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request has no body: send the object as JSON or YAML");
    }
    try {
      boolean isYaml = contentType != null && contentType.contains("yaml");
      JsonNode tree = isYaml ? yaml.readTree(body) : json.readTree(body);
      boolean jsonPatch = PatchType.ofContentType(contentType).orElse(null) == PatchType.JSON;
      if (tree == null || !(tree.isObject() || (jsonPatch && tree.isArray()))) {
        throw ApiException.badRequest(
            jsonPatch
                ? "a JSON patch must be a list of operations"
                : "the request body must be one object");
      }
      return tree;
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON or YAML: " + e.getMessage());
    }
  }

  /** Converts a tree into the kind's type; the warnings of {@code validation} go to the list. */
  public HasMetadata object(
      ResourceKind<HasMetadata> kind,
      JsonNode tree,
      FieldValidation validation,
      List<String> warnings) {
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
    HasMetadata object;
    try {
      object = json.treeToValue(tree, kind.type());
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
    warnings.addAll(validation.check(tree, json.valueToTree(object)));
    return object;
  }

  /** Writes an object as a JSON tree, for merging patches into it. */
  public JsonNode tree(HasMetadata object) {
    return json.valueToTree(object);
  }
}
