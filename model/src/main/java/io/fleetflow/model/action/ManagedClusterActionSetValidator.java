package io.fleetflow.model.action;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a ManagedClusterActionSet: a placement to follow, and an action template that is a
 * valid ManagedClusterAction spec by {@link ManagedClusterActionValidator}'s rules (reported under
 * {@code spec.actionTemplate}). Like an action, a set runs once: its spec cannot change.
 */
public class ManagedClusterActionSetValidator implements ObjectValidator<ManagedClusterActionSet> {
  private final ManagedClusterActionValidator actions = new ManagedClusterActionValidator();

  @Override
  public List<FieldError> validateCreate(ManagedClusterActionSet set) {
    List<FieldError> errors = new ArrayList<>();
    errors.addAll(Names.checkLabel("metadata.name", set.getMetadata().getName()));
    var spec = set.getSpec();
    if (spec == null || spec.getPlacementRef() == null || spec.getPlacementRef().name() == null) {
      errors.add(
          FieldError.required(
              "spec.placementRef.name",
              "name the Placement (in the set's namespace) whose clusters the action runs on"));
    }
    if (spec == null || spec.getActionTemplate() == null) {
      errors.add(
          FieldError.required(
              "spec.actionTemplate",
              "give the action to run on each cluster: {actionType, kube} as a"
                  + " ManagedClusterAction's spec"));
      return errors;
    }
    ManagedClusterAction probe = new ManagedClusterAction();
    probe.setMetadata(
        new ObjectMetaBuilder()
            .withName(set.getMetadata().getName())
            .withNamespace("cluster")
            .withAnnotations(set.getMetadata().getAnnotations())
            .build());
    probe.setSpec(spec.getActionTemplate());
    for (FieldError e : actions.validateCreate(probe)) {
      errors.add(
          new FieldError(
              e.field().replaceFirst("^spec\\.", "spec.actionTemplate."), e.reason(), e.message()));
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(
      ManagedClusterActionSet current, ManagedClusterActionSet proposed) {
    List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
    if (!ManagedClusterActionValidator.sameSpec(current.getSpec(), proposed.getSpec())) {
      errors.add(
          FieldError.forbidden(
              "spec", "a set runs once and its spec cannot change: create another set"));
    }
    return errors;
  }
}
