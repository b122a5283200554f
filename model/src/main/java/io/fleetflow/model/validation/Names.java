package io.fleetflow.model.validation;

import java.util.List;
import java.util.regex.Pattern;

/** Kubernetes' rules for object names and label keys. */
public final class Names {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Names() {}

  /** Checks a name that must be a DNS-1123 label, such as a ManagedCluster's or a namespace's. */
  public static List<FieldError> checkLabel(String field, String name) {
    if (name == null || name.isEmpty()) {
      return List.of(FieldError.required(field, "a name is required"));
    }
    if (name.length() > 63 || !DNS1123_LABEL.matcher(name).matches()) {
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
    if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      return List.of(
          FieldError.invalid(
              field,
              "\""
                  + name
                  + "\" is not a valid name: use lower-case letters, digits, '-' and '.',"
                  + " starting and ending with a letter or digit (for example \"hello-world\")"));
    }
    return List.of();
  }
}
