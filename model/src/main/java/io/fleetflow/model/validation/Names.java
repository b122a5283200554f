package io.fleetflow.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for object names, label keys and label values ({@code
 * k8s.io/apimachinery/pkg/util/validation}): DNS-1123 labels and subdomains, qualified names and
 * label values, with Kubernetes' lengths.
 */
public final class Names {
  /** The longest DNS-1123 label: a ManagedCluster's name, a namespace, a label key's name part. */
  public static final int MAX_LABEL_LENGTH = 63;

  /** The longest DNS-1123 subdomain: most objects' names, a label key's prefix. */
  public static final int MAX_SUBDOMAIN_LENGTH = 253;

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private Names() {}

  /** Checks a name that must be a DNS-1123 label, such as a ManagedCluster's or a namespace's. */
  public static List<FieldError> checkLabel(String field, String name) {
    if (name == null || name.isEmpty()) {
      return List.of(FieldError.required(field, "a name is required"));
    }
    if (name.length() > MAX_LABEL_LENGTH || !DNS1123_LABEL.matcher(name).matches()) {
      return List.of(
          FieldError.invalid(
              field,
              "\""
                  + name
                  + "\" is not a valid name: use at most 63 lower-case letters, digits and '-',"
                  + " starting and ending with a letter or digit (for example \"cluster-1\")"));
    }
    return List.of();
  }

  /** Checks a name that must be a DNS-1123 subdomain, such as most objects' names. */
  public static List<FieldError> checkSubdomain(String field, String name) {
    if (name == null || name.isEmpty()) {
      return List.of(FieldError.required(field, "a name is required"));
    }
    if (name.length() > MAX_SUBDOMAIN_LENGTH || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      return List.of(
          FieldError.invalid(
              field,
              "\""
                  + name
                  + "\" is not a valid name: use at most 253 lower-case letters, digits, '-' and"
                  + " '.', starting and ending with a letter or digit (for example"
                  + " \"hello-world\")"));
    }
    return List.of();
  }

  /**
   * Checks a label or annotation key: an optional DNS-1123 subdomain prefix of at most 253
   * characters and a '/', then a name of at most 63 letters, digits, '-', '_' and '.', starting and
   * ending with a letter or digit ({@code app.kubernetes.io/name}, {@code env}).
   *
   * @param field the map's field, such as {@code metadata.labels}
   * @param key the key to check
   */
  public static List<FieldError> checkQualifiedName(String field, String key) {
    if (key == null || key.isEmpty()) {
      return List.of(FieldError.invalid(field, "a key may not be empty"));
    }
    List<FieldError> errors = new ArrayList<>();
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty()) {
        errors.add(invalidKey(field, key, "the prefix before '/' may not be empty"));
      } else if (prefix.length() > MAX_SUBDOMAIN_LENGTH
          || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        errors.add(
            invalidKey(
                field,
                key,
                "the prefix must be a DNS subdomain of at most 253 lower-case letters, digits, '-'"
                    + " and '.' (for example \"example.com\")"));
      }
    }
    if (name.isEmpty()) {
      errors.add(invalidKey(field, key, "the name part may not be empty"));
    } else if (name.length() > MAX_LABEL_LENGTH) {
      errors.add(
          invalidKey(
              field,
              key,
              "the name part must be no more than 63 characters, got " + name.length()));
    } else if (!QUALIFIED_NAME.matcher(name).matches()) {
      errors.add(
          invalidKey(
              field,
              key,
              "the name part must consist of letters, digits, '-', '_' or '.', and must start and"
                  + " end with a letter or digit (for example \"app.kubernetes.io/name\" or"
                  + " \"tier\")"));
    }
    return errors;
  }

  /**
   * Checks a label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and
   * ending with a letter or digit.
   *
   * @param field the map's field, such as {@code metadata.labels}
   * @param key the label the value belongs to, named in the message
   * @param value the value to check
   */
  public static List<FieldError> checkLabelValue(String field, String key, String value) {
    if (value == null) {
      return List.of(
          FieldError.invalid(
              field, "the label \"" + key + "\" has no value: give it a string (\"\" is allowed)"));
    }
    if (value.isEmpty()) {
      return List.of();
    }
    if (value.length() > MAX_LABEL_LENGTH) {
      return List.of(
          FieldError.invalid(
              field,
              "the value of label \""
                  + key
                  + "\" must be no more than 63 characters, got "
                  + value.length()));
    }
    if (!QUALIFIED_NAME.matcher(value).matches()) {
      return List.of(
          FieldError.invalid(
              field,
              "the value \""
                  + value
                  + "\" of label \""
                  + key
                  + "\" must consist of letters, digits, '-', '_' or '.', and must start and end"
                  + " with a letter or digit (for example \"prod\" or \"v1.2\")"));
    }
    return List.of();
  }

  private static FieldError invalidKey(String field, String key, String why) {
    return FieldError.invalid(field, "\"" + key + "\" is not a valid key: " + why);
  }
}
