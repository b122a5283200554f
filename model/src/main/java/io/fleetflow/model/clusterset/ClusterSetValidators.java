package io.fleetflow.model.clusterset;

import io.fleetflow.model.meta.LabelSelectors;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** OCM's admission rules for ManagedClusterSet and ManagedClusterSetBinding. */
public final class ClusterSetValidators {
  private static final List<String> SELECTOR_TYPES =
      List.of(ManagedClusterSet.EXCLUSIVE, ManagedClusterSet.LABEL_SELECTOR);

  private ClusterSetValidators() {}

  /** Validates sets: a valid name, a known selector type, a well-formed label selector. */
  public static final ObjectValidator<ManagedClusterSet> SETS =
      set -> {
        List<FieldError> errors =
            new ArrayList<>(Names.checkLabel("metadata.name", set.getMetadata().getName()));
        if (set.getMetadata().getNamespace() != null) {
          errors.add(
              FieldError.forbidden(
                  "metadata.namespace",
                  "ManagedClusterSet is cluster-scoped: remove metadata.namespace"));
        }
        ManagedClusterSetSpec spec = set.getSpec();
        String type = spec == null ? ManagedClusterSet.EXCLUSIVE : spec.selectorType();
        if (!SELECTOR_TYPES.contains(type)) {
          errors.add(
              FieldError.notSupported("spec.clusterSelector.selectorType", type, SELECTOR_TYPES));
        } else if (type.equals(ManagedClusterSet.LABEL_SELECTOR)) {
          if (spec.getClusterSelector().labelSelector() == null) {
            errors.add(
                FieldError.required(
                    "spec.clusterSelector.labelSelector",
                    "a LabelSelector set needs a labelSelector ({} selects every cluster)"));
          }
          errors.addAll(
              LabelSelectors.check(
                  "spec.clusterSelector.labelSelector", spec.getClusterSelector().labelSelector()));
        }
        return errors;
      };

  /** Validates bindings: a valid name that equals the bound set's. */
  public static final ObjectValidator<ManagedClusterSetBinding> BINDINGS =
      binding -> {
        String name = binding.getMetadata().getName();
        List<FieldError> errors = new ArrayList<>(Names.checkLabel("metadata.name", name));
        String set = binding.getSpec() == null ? null : binding.getSpec().getClusterSet();
        if (set == null || set.isBlank()) {
          errors.add(FieldError.required("spec.clusterSet", "name the ManagedClusterSet to bind"));
        } else if (!Objects.equals(set, name)) {
          errors.add(
              FieldError.invalid(
                  "spec.clusterSet",
                  "a binding's name must equal its set's: name the binding \""
                      + set
                      + "\" or bind the set \""
                      + name
                      + "\""));
        }
        return errors;
      };
}
