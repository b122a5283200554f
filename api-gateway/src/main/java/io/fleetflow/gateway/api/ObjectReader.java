package io.fleetflow.gateway.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.patch.PatchType;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.ObjectLimits;
import io.fleetflow.model.validation.ObjectRules;
import io.fleetflow.model.wire.KubernetesProtobuf;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies (JSON or YAML) into objects of a kind, refusing bodies that are not one
 * object of that kind and naming the field of a wrongly typed value.
 *
 * <p>Types are strict, as Kubernetes decodes JSON: no number becomes a boolean ({@code
 * hubAcceptsClient: 1}), no fraction is cut to a whole number ({@code leaseDurationSeconds: 1.5}),
 * and no number or boolean becomes a string or back. A key given twice is refused rather than
 * resolved by whichever comes last.
 */
@Component
public class ObjectReader {
  private final ObjectMapper json;
  private final ObjectMapper strict;
  private final YAMLMapper yaml = new YAMLMapper();

  public ObjectReader(ObjectMapper json) {
    this.json = json;
    this.strict = strict(json);
    yaml.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private static ObjectMapper strict(ObjectMapper json) {
    ObjectMapper strict = json.copy();
    strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    strict.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    refuse(
        strict,
        LogicalType.Boolean,
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.String);
    refuse(
        strict,
        LogicalType.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.String,
        CoercionInputShape.Boolean);
    refuse(strict, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
    refuse(
        strict,
        LogicalType.Textual,
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.Boolean);
    return strict;
  }

  /** Makes a JSON value of any of {@code shapes} fail to become a {@code type}. */
  private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
    }
  }

  /**
   * Parses a body into a JSON tree, YAML when the media type says so, after {@link BodyScanner}
   * checked its nesting and that it holds exactly one object, or for a JSON patch ({@code
   * application/json-patch+json}) exactly one list of operations.
   */
  public JsonNode tree(byte[] body, String contentType) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request has no body: send the object as JSON or YAML");
    }
    if (MediaTypes.PROTOBUF.equals(contentType)) {
      return protobufTree(body);
    }
    boolean isYaml = contentType != null && contentType.contains("yaml");
    ObjectMapper mapper = isYaml ? yaml : json;
    JsonParser.Feature duplicates = JsonParser.Feature.STRICT_DUPLICATE_DETECTION;
    boolean jsonPatch = PatchType.ofContentType(contentType).orElse(null) == PatchType.JSON;
    BodyScanner.check(mapper.getFactory(), body, isYaml, jsonPatch);
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
      parser.enable(duplicates);
      JsonNode tree = mapper.readTree(parser);
      if (tree == null || !(tree.isObject() || (jsonPatch && tree.isArray()))) {
        throw ApiException.badRequest(BodyScanner.oneRoot(jsonPatch));
      }
      return tree;
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON or YAML: "
              + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
    }
  }

  /**
   * Reads a protobuf body of a built-in kind (kubectl's {@code certificate approve} sends one) into
   * the JSON tree the same object sent as JSON gives. Its size was checked as any body's; its
   * nesting is the reader's fixed schema.
   */
  private JsonNode protobufTree(byte[] body) {
    try {
      return json.valueToTree(KubernetesProtobuf.decode(body));
    } catch (KubernetesProtobuf.Unsupported e) {
      throw ApiException.unsupportedMediaType(e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw ApiException.badRequest(
          "the request body is not a readable Kubernetes protobuf body: " + e.getMessage());
    }
  }

  /**
   * Converts a tree into the kind's type; the warnings of {@code validation} go to the list. An
   * object without metadata or spec, nested too deeply or too large is refused here (422, or 413
   * for its size), before anyone looks at what it asks for.
   */
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
    HasMetadata object = value(tree, kind.type(), kind.kind() + " is invalid");
    warnings.addAll(validation.check(tree, json.valueToTree(object)));
    Optional<FieldError> shape = ObjectRules.checkShape(object);
    if (shape.isPresent()) {
      FieldError error = shape.get();
      if (ObjectLimits.isTooLarge(error)) {
        throw ApiException.tooLarge(kind.kind() + " " + error.message());
      }
      String name = object.getMetadata() == null ? "" : object.getMetadata().getName();
      throw ApiException.invalid(kind.kind(), kind.group(), name, List.of(error));
    }
    return object;
  }

  /**
   * Converts a tree into a type with the strict rules of this class.
   *
   * @param what what the tree is, for the message of a refusal (such as "ManagedCluster is
   *     invalid")
   * @throws ApiException 400 naming the field of a wrongly typed value
   */
  public <T> T value(JsonNode tree, Class<T> type, String what) {
    try {
      return strict.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      String field = fieldOf(e);
      throw ApiException.badRequest(
          what
              + ": "
              + (field.isEmpty() ? "" : field + ": wrong type (")
              + e.getOriginalMessage()
              + (field.isEmpty() ? "" : ")"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(what + ": " + e.getMessage());
    }
  }

  /**
   * The field a conversion failed at: from the mapping's path, or for a number out of its field's
   * range (which Jackson reports without one) from where the parser stood; "" when unknown.
   */
  private static String fieldOf(JsonProcessingException e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return mapping.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
          .orElse("");
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputCoercionException coercion
          && coercion.getProcessor() instanceof JsonParser parser) {
        return BodyScanner.path(parser.getParsingContext(), true);
      }
    }
    return "";
  }

  /** Writes an object as a JSON tree, for merging patches into it. */
  public JsonNode tree(HasMetadata object) {
    return json.valueToTree(object);
  }
}
