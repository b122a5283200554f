package io.fleetflow.model.view;

import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import io.fleetflow.model.view.ManagedClusterViewSpec.Scope;
import io.fleetflow.model.work.ExecutorAnnotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules a ManagedClusterView must follow: it lives in its cluster's namespace and its scope
 * names one object by name and by kind or resource. Secrets are refused, as the foundation API's
 * agent refuses them: a view's result is kept in the hub's workflow history, which is no place for
 * a cluster's secrets.
 */
public class ManagedClusterViewValidator implements ObjectValidator<ManagedClusterView> {
  @Override
  public List<FieldError> validateCreate(ManagedClusterView view) {
    List<FieldError> errors = new ArrayList<>();
    errors.addAll(Names.checkSubdomain("metadata.name", view.getMetadata().getName()));
    String namespace = view.getMetadata().getNamespace();
    if (namespace == null || namespace.isEmpty()) {
      errors.add(
          FieldError.required(
              "metadata.namespace",
              "a ManagedClusterView lives in the namespace named after its cluster: set"
                  + " metadata.namespace to the ManagedCluster's name"));
    }
    errors.addAll(ExecutorAnnotation.check(view));
    Scope scope = view.getSpec() == null ? null : view.getSpec().getScope();
    if (scope == null) {
      errors.add(
          FieldError.required(
              "spec.scope",
              "a view needs a scope naming the object to show, such as {kind: Deployment,"
                  + " apiGroup: apps, version: v1, namespace: default, name: web}"));
      return errors;
    }
    errors.addAll(checkScope(scope));
    return errors;
  }

  private static List<FieldError> checkScope(Scope scope) {
    List<FieldError> errors = new ArrayList<>();
    if (blank(scope.name())) {
      errors.add(FieldError.required("spec.scope.name", "name the object the view shows"));
    } else {
      errors.addAll(Names.checkSubdomain("spec.scope.name", scope.name()));
    }
    if (blank(scope.kind()) && blank(scope.resource())) {
      errors.add(
          FieldError.required(
              "spec.scope.kind",
              "give the object's kind (with apiGroup and version) or its resource, such as"
                  + " kind: Deployment or resource: deployments.apps"));
    }
    if (!blank(scope.namespace())) {
      errors.addAll(Names.checkLabel("spec.scope.namespace", scope.namespace()));
    }
    if (scope.updateIntervalSeconds() != null && scope.updateIntervalSeconds() < 0) {
      errors.add(
          FieldError.invalid(
              "spec.scope.updateIntervalSeconds", "must be 0 or more (the view is watched)"));
    }
    if (isSecret(scope)) {
      errors.add(
          FieldError.forbidden(
              "spec.scope",
              "a ManagedClusterView may not show a Secret: its result is stored on the hub;"
                  + " read the Secret on the cluster instead"));
    }
    return errors;
  }

  private static boolean isSecret(Scope scope) {
    if (!blank(scope.apiGroup())) {
      return false;
    }
    String resource = blank(scope.resource()) ? "" : scope.resource().toLowerCase(Locale.ROOT);
    return "Secret".equalsIgnoreCase(scope.kind())
        || resource.equals("secrets")
        || resource.equals("secret")
        || resource.startsWith("secrets.v1");
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
