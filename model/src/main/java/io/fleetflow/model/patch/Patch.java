package io.fleetflow.model.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Optional;

/**
 * A patch as a client sent it: its type and its document. It travels as it is into the entity's
 * {@code patch} Update, which applies it to the object as the workflow holds it, so no change made
 * in between is lost. Applying is pure: the same patch on the same object gives the same result.
 *
 * @param type the patch type
 * @param document the patch document, as JSON
 */
public record Patch(PatchType type, JsonNode document) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.List<String> OPERATIONS =
      java.util.List.of("add", "remove", "replace", "move", "copy", "test");

  /**
   * Returns the object with the patch applied, as a new object; {@code current} is not changed.
   *
   * @throws PatchException when the patch is malformed or does not apply to {@code current}
   */
  public <T extends HasMetadata> T applyTo(T current, Class<T> type) {
    JsonNode patched = applyTo(JSON.valueToTree(current));
    try {
      return JSON.treeToValue(patched, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new PatchException(
          "the patched object is not a valid " + type.getSimpleName() + ": " + e.getMessage(),
          false,
          e);
    }
  }

  /**
   * Returns {@code target} with the patch applied; {@code target} may be changed.
   *
   * @throws PatchException when the patch is malformed or does not apply to {@code target}
   */
  public JsonNode applyTo(JsonNode target) {
    check();
    if (type != PatchType.JSON) {
      return MergePatch.apply(target, document);
    }
    try {
      return JsonPatch.apply(document, target);
    } catch (JsonPatchException | IllegalArgumentException e) {
      // The operations are well-formed (checked above), so what fails is their fit to the object:
      // a test that does not hold, a path that does not exist.
      throw new PatchException("the JSON patch does not apply: " + e.getMessage(), false, e);
    }
  }

  /**
   * The value the patch writes at a JSON pointer (such as {@code /spec/hubAcceptsClient}), or empty
   * when it does not write that field; of a JSON patch, the last {@code add} or {@code replace} of
   * that path. A patch that writes the value a field has already says something a patch that leaves
   * the field alone does not: restating a decision is still a decision.
   */
  public Optional<JsonNode> valueAt(String pointer) {
    if (document == null) {
      return Optional.empty();
    }
    if (type != PatchType.JSON) {
      JsonNode at = document.at(pointer);
      return at.isMissingNode() ? Optional.empty() : Optional.of(at);
    }
    JsonNode found = null;
    for (JsonNode operation : document) {
      String op = operation.path("op").asText();
      if (("add".equals(op) || "replace".equals(op))
          && pointer.equals(operation.path("path").asText())) {
        found = operation.get("value");
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Checks that the patch is well-formed whatever it is applied to: a merge or apply patch is one
   * object, a JSON patch a list of operations that RFC 6902 defines, each with a path.
   *
   * @throws PatchException (malformed) when it is not
   */
  public void check() {
    if (document == null) {
      throw new PatchException("the patch is empty", true, null);
    }
    if (type != PatchType.JSON && !document.isObject()) {
      throw new PatchException(
          "a " + type.contentType() + " patch must be a JSON object", true, null);
    }
    if (type == PatchType.JSON) {
      if (!document.isArray()) {
        throw new PatchException(
            "a JSON patch must be a list of operations, such as [{\"op\": \"replace\","
                + " \"path\": \"/spec/hubAcceptsClient\", \"value\": true}]",
            true,
            null);
      }
      requireOperations();
    }
  }

  /** Refuses a JSON patch with an operation RFC 6902 does not define, or without a path. */
  private void requireOperations() {
    for (int i = 0; i < document.size(); i++) {
      JsonNode operation = document.get(i);
      if (!OPERATIONS.contains(operation.path("op").asText())
          || !operation.path("path").isTextual()) {
        throw new PatchException(
            "operation "
                + i
                + " of the JSON patch needs an \"op\" (one of "
                + String.join(", ", OPERATIONS)
                + ") and a \"path\": "
                + operation,
            true,
            null);
      }
    }
  }

  /**
   * The resourceVersion the patch names, or null when it names none: {@code
   * metadata.resourceVersion} of a merge or apply patch, or the value of a JSON patch's {@code
   * test} or {@code replace} of {@code /metadata/resourceVersion}. A patch that names one applies
   * only to that version, as on a Kubernetes API server; one that names none applies to whatever
   * version is current.
   */
  public String resourceVersion() {
    if (document == null) {
      return null;
    }
    if (type != PatchType.JSON) {
      JsonNode version = document.path("metadata").path("resourceVersion");
      return version.isValueNode() && !version.isNull() ? version.asText() : null;
    }
    for (JsonNode operation : document) {
      if ("/metadata/resourceVersion".equals(operation.path("path").asText())
          && ("test".equals(operation.path("op").asText())
              || "replace".equals(operation.path("op").asText()))
          && operation.path("value").isValueNode()) {
        return operation.path("value").asText();
      }
    }
    return null;
  }
}
