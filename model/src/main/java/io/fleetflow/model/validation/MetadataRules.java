package io.fleetflow.model.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes' rules for the metadata every object carries ({@code ValidateObjectMeta}): label keys
 * are qualified names and label values at most 63 characters of Kubernetes' alphabet; annotation
 * keys are qualified names and all annotations together at most 256 KiB.
 */
public final class MetadataRules {
  /** The most bytes all annotations of an object may take, keys and values counted. */
  public static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

  private MetadataRules() {}

  /** Returns every problem with an object's labels and annotations. */
  public static List<FieldError> check(ObjectMeta meta) {
    List<FieldError> errors = new ArrayList<>();
    if (meta == null) {
      return errors;
    }
    errors.addAll(checkLabels("metadata.labels", meta.getLabels()));
    errors.addAll(checkAnnotations("metadata.annotations", meta.getAnnotations()));
    return errors;
  }

  /** Returns every problem with a label map, its keys and values, named under {@code field}. */
  public static List<FieldError> checkLabels(String field, Map<String, String> labels) {
    List<FieldError> errors = new ArrayList<>();
    if (labels == null) {
      return errors;
    }
    // Sorted, so the causes come in the same order whatever map the labels arrived in.
    for (Map.Entry<String, String> label : sorted(labels).entrySet()) {
      errors.addAll(Names.checkQualifiedName(field, label.getKey()));
      errors.addAll(Names.checkLabelValue(field, label.getKey(), label.getValue()));
    }
    return errors;
  }

  /** Returns every problem with an annotation map: its keys and its total size. */
  public static List<FieldError> checkAnnotations(String field, Map<String, String> annotations) {
    List<FieldError> errors = new ArrayList<>();
    if (annotations == null) {
      return errors;
    }
    long bytes = 0;
    for (Map.Entry<String, String> annotation : sorted(annotations).entrySet()) {
      String key = annotation.getKey();
      // Kubernetes checks annotation keys in lower case, so "Example.com/Owner" is allowed.
      errors.addAll(Names.checkQualifiedName(field, key == null ? null : key.toLowerCase()));
      if (annotation.getValue() == null) {
        errors.add(
            FieldError.invalid(
                field,
                "the annotation \"" + key + "\" has no value: give it a string (\"\" is allowed)"));
      }
      bytes += utf8Length(key) + utf8Length(annotation.getValue());
    }
    if (bytes > MAX_ANNOTATIONS_BYTES) {
      errors.add(
          FieldError.tooLong(
              field,
              "the annotations take "
                  + bytes
                  + " bytes; at most "
                  + MAX_ANNOTATIONS_BYTES
                  + " bytes (256 KiB, keys and values together) are accepted"));
    }
    return errors;
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    Map<String, String> sorted = new TreeMap<>(Comparator.nullsFirst(String::compareTo));
    sorted.putAll(map);
    return sorted;
  }

  private static long utf8Length(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
