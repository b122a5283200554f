package io.fleetflow.model.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The size and nesting limits every object is held to before anything reaches Temporal, so that no
 * input can exceed what Temporal carries in one message or what Jackson writes back (1,000 levels
 * of nesting), and a stored object can always be served again.
 *
 * <ul>
 *   <li>{@link #MAX_REQUEST_BYTES}: a request body, as kube-apiserver's {@code MaxRequestBodyBytes}
 *       (3 MiB).
 *   <li>{@link #MAX_OBJECT_BYTES}: an object, measured as compact JSON without {@code status} (the
 *       hub's, not the client's) and without null fields. Kubernetes allows 1.5 MiB (etcd's default
 *       {@code --max-request-bytes}); Fleetflow allows 1 MiB, because the workflow task that
 *       applies a change carries the object up to three times (the accepted update's request, its
 *       result, and an activity's input such as a cluster's labels told to the placements) and
 *       Temporal terminates a workflow whose task completion passes its 4 MB gRPC message limit. At
 *       1.5 MiB a label change terminated the cluster's workflow ({@code
 *       LabelsAtTheLimitWorkflowTest}).
 *   <li>{@link #MAX_DEPTH}: levels of objects and arrays in one body or object.
 * </ul>
 */
public final class ObjectLimits {
  /** The largest request body, in bytes: kube-apiserver's 3 MiB. */
  public static final int MAX_REQUEST_BYTES = 3 * 1024 * 1024;

  /** The largest object, in bytes of compact JSON without status: 1 MiB (see the class). */
  public static final int MAX_OBJECT_BYTES = 1024 * 1024;

  /**
   * The deepest nesting of objects and arrays, the body's own object counting as 1. The deepest
   * real manifests (CustomResourceDefinitions with OpenAPI schemas, inside a
   * ManifestWorkReplicaSet's template) reach about 40 levels; 100 leaves room for them and stays
   * far from the 1,000 levels at which Jackson refuses to read or write, even inside a list, a
   * watch event or a Table.
   */
  public static final int MAX_DEPTH = 100;

  private static final ObjectMapper JSON = mapper();

  private ObjectLimits() {}

  /**
   * The mapper that measures objects: compact JSON without null fields, as the gateway writes them,
   * and able to read and write past {@link #MAX_DEPTH} so that it can measure what is too deep.
   */
  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
        .setStreamWriteConstraints(
            StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build());
    return mapper;
  }

  /**
   * Returns the first limit the object breaks, nesting before size. Callers check nothing else of
   * an object that breaks one, so no later check meets what it cannot handle.
   */
  public static Optional<FieldError> check(HasMetadata object) {
    JsonNode tree;
    try {
      tree = JSON.valueToTree(object);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          FieldError.invalid("", "the object cannot be written as JSON: " + e.getMessage()));
    }
    Optional<FieldError> deep = checkDepth(tree);
    if (deep.isPresent()) {
      return deep;
    }
    long size = jsonSize(tree);
    if (size > MAX_OBJECT_BYTES) {
      return Optional.of(tooLarge(size));
    }
    return Optional.empty();
  }

  /** The error of an object of {@code size} bytes, past {@link #MAX_OBJECT_BYTES}. */
  public static FieldError tooLarge(long size) {
    return FieldError.tooLong(
        "",
        "the object is "
            + size
            + " bytes of JSON (without status); at most "
            + MAX_OBJECT_BYTES
            + " bytes (1 MiB) are accepted: move large content out of it, for example into"
            + " ConfigMaps that a ManifestWork delivers");
  }

  /** True when the error is the one of an object past {@link #MAX_OBJECT_BYTES}. */
  public static boolean isTooLarge(FieldError error) {
    return error.field().isEmpty() && "FieldValueTooLong".equals(error.reason());
  }

  /** Returns an object's size as the limit counts it: compact JSON, no status, no nulls. */
  public static long sizeOf(HasMetadata object) {
    JsonNode tree = JSON.valueToTree(object);
    return jsonSize(tree);
  }

  private static long jsonSize(JsonNode tree) {
    JsonNode counted = tree;
    if (tree instanceof ObjectNode node && node.has("status")) {
      counted = node.deepCopy();
      ((ObjectNode) counted).remove("status");
    }
    try {
      return JSON.writeValueAsBytes(counted).length;
    } catch (JacksonException e) {
      throw new IllegalArgumentException("cannot measure the object: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the error of a tree nested deeper than {@link #MAX_DEPTH}, naming the path to the first
   * level past it.
   */
  public static Optional<FieldError> checkDepth(JsonNode tree) {
    return firstTooDeep(tree).map(ObjectLimits::tooDeep);
  }

  /** The error of a body or object that nests past {@link #MAX_DEPTH} at {@code path}. */
  public static FieldError tooDeep(String path) {
    return FieldError.invalid(
        abbreviate(path),
        "objects and arrays are nested more than "
            + MAX_DEPTH
            + " levels deep here; at most "
            + MAX_DEPTH
            + " levels are accepted (real manifests need fewer than half of that)");
  }

  /**
   * Walks the tree without recursion (a tree may be thousands of levels deep) and returns the path
   * of a container at depth {@link #MAX_DEPTH} + 1, if there is one.
   */
  static Optional<String> firstTooDeep(JsonNode root) {
    record Level(JsonNode node, String path, int depth) {}
    Deque<Level> pending = new ArrayDeque<>();
    pending.push(new Level(root, "", 1));
    while (!pending.isEmpty()) {
      Level level = pending.pop();
      if (!level.node().isContainerNode()) {
        continue;
      }
      if (level.depth() > MAX_DEPTH) {
        return Optional.of(level.path());
      }
      if (level.node().isObject()) {
        Iterator<Map.Entry<String, JsonNode>> fields = level.node().fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          String path =
              level.path().isEmpty() ? field.getKey() : level.path() + "." + field.getKey();
          pending.push(new Level(field.getValue(), path, level.depth() + 1));
        }
      } else {
        for (int i = 0; i < level.node().size(); i++) {
          pending.push(
              new Level(level.node().get(i), level.path() + "[" + i + "]", level.depth() + 1));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Shortens a path of a hundred levels to its first segments, so the error stays readable and
   * still shows where the nesting starts.
   */
  public static String abbreviate(String path) {
    int max = 120;
    return path.length() <= max ? path : path.substring(0, max) + "...";
  }
}
