package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fleetflow.model.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kubernetes label selectors ({@code matchLabels} and {@code matchExpressions}) on label maps. */
public final class LabelSelectors {
  private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

  private LabelSelectors() {}

  /** Returns true when the labels satisfy the selector; an empty selector selects everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(have.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = have.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> value != null && values.contains(value);
              case "NotIn" -> value == null || !values.contains(value);
              case "Exists" -> have.containsKey(r.getKey());
              case "DoesNotExist" -> !have.containsKey(r.getKey());
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  /** Returns every problem with a selector, its fields named under {@code field}. */
  public static List<FieldError> check(String field, LabelSelector selector) {
    List<FieldError> errors = new ArrayList<>();
    if (selector == null || selector.getMatchExpressions() == null) {
      return errors;
    }
    for (int i = 0; i < selector.getMatchExpressions().size(); i++) {
      LabelSelectorRequirement r = selector.getMatchExpressions().get(i);
      String at = field + ".matchExpressions[" + i + "]";
      if (r.getKey() == null || r.getKey().isBlank()) {
        errors.add(FieldError.required(at + ".key", "a requirement needs a key"));
      }
      if (!OPERATORS.contains(r.getOperator())) {
        errors.add(FieldError.notSupported(at + ".operator", r.getOperator(), OPERATORS));
        continue;
      }
      boolean needsValues = r.getOperator().equals("In") || r.getOperator().equals("NotIn");
      boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
      if (needsValues != hasValues) {
        errors.add(
            FieldError.invalid(
                at + ".values",
                needsValues
                    ? "operator " + r.getOperator() + " needs at least one value"
                    : "operator " + r.getOperator() + " takes no values"));
      }
    }
    return errors;
  }
}
