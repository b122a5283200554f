package io.fleetflow.gateway.api;

import io.fleetflow.model.patch.PatchType;
import io.fleetflow.model.wire.KubernetesProtobuf;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The media types a request body may have, by verb, as a Kubernetes API server accepts them:
 * objects (create, replace, rollout controls) as JSON or YAML, and as Kubernetes protobuf for the
 * built-in kinds kubectl sends that way ({@link KubernetesProtobuf}); patches as a merge, strategic
 * merge, JSON or apply patch. An object without a Content-Type is JSON, as Kubernetes reads it;
 * anything else is a 415 that lists what the verb takes, so no body is read as something it says it
 * is not.
 */
public final class MediaTypes {
  public static final String JSON = "application/json";
  public static final String YAML = "application/yaml";
  public static final String MERGE_PATCH = PatchType.MERGE.contentType();
  public static final String STRATEGIC_MERGE_PATCH = PatchType.STRATEGIC_MERGE.contentType();
  public static final String JSON_PATCH = PatchType.JSON.contentType();
  public static final String APPLY_PATCH = PatchType.APPLY.contentType();
  public static final String PROTOBUF = KubernetesProtobuf.CONTENT_TYPE;

  static final List<String> OBJECTS = List.of(JSON, YAML, PROTOBUF);
  static final List<String> PATCHES =
      Arrays.stream(PatchType.values()).map(PatchType::contentType).toList();

  private MediaTypes() {}

  /**
   * Returns the media type of a request's body (lower case, without parameters such as charset), or
   * "" when it has none.
   *
   * @param method the HTTP method
   * @param contentType the Content-Type header, null when absent
   * @param hasBody whether the request has a body
   * @throws ApiException 415 when the verb does not take a body of this type
   */
  public static String of(String method, String contentType, boolean hasBody) {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].trim();
    type = type.toLowerCase(Locale.ROOT);
    if (!hasBody && type.isEmpty()) {
      return "";
    }
    boolean patch = "PATCH".equals(method);
    if (type.isEmpty() && !patch) {
      // A Kubernetes API server reads an object without a Content-Type as its first media type,
      // JSON (kubectl create --raw sends none); a patch must always say which kind it is.
      return JSON;
    }
    List<String> accepted = patch ? PATCHES : OBJECTS;
    if (!accepted.contains(type)) {
      throw ApiException.unsupportedMediaType(
          "the body of a "
              + method
              + " must be "
              + String.join(", ", accepted)
              + (type.isEmpty() ? "; the request names no Content-Type" : ", not " + type));
    }
    return type;
  }

  /** True when the body is YAML rather than JSON. */
  public static boolean isYaml(String type) {
    return YAML.equals(type) || APPLY_PATCH.equals(type);
  }
}
