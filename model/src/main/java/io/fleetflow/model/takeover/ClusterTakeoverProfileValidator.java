package io.fleetflow.model.takeover;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of a takeover profile: every resource has apiVersion, a kind from {@link
 * TakeoverKinds}, a name, a namespace exactly when its kind is namespaced, and appears once; every
 * override names a set once and holds valid resources.
 */
public class ClusterTakeoverProfileValidator implements ObjectValidator<ClusterTakeoverProfile> {
  @Override
  public List<FieldError> validateCreate(ClusterTakeoverProfile profile) {
    List<FieldError> errors = new ArrayList<>();
    String name = profile.getMetadata() == null ? null : profile.getMetadata().getName();
    errors.addAll(Names.checkSubdomain("metadata.name", name));
    if (profile.getMetadata() != null && profile.getMetadata().getNamespace() != null) {
      errors.add(
          FieldError.forbidden(
              "metadata.namespace",
              "ClusterTakeoverProfile is cluster-scoped: remove metadata.namespace"));
    }
    ClusterTakeoverProfileSpec spec = profile.getSpec();
    if (spec == null) {
      return errors;
    }
    errors.addAll(checkResources("spec.resources", spec.getResources()));
    Set<String> sets = new HashSet<>();
    for (int i = 0; i < spec.getOverrides().size(); i++) {
      ClusterTakeoverProfileSpec.Override override = spec.getOverrides().get(i);
      String field = "spec.overrides[" + i + "]";
      if (override == null) {
        errors.add(FieldError.required(field, "an override may not be empty"));
        continue;
      }
      errors.addAll(Names.checkLabel(field + ".clusterSet", override.clusterSet()));
      if (override.clusterSet() != null && !sets.add(override.clusterSet())) {
        errors.add(
            FieldError.duplicate(
                field + ".clusterSet",
                "set \""
                    + override.clusterSet()
                    + "\" has two overrides; merge their resources into one"));
      }
      errors.addAll(checkResources(field + ".resources", override.resources()));
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(
      ClusterTakeoverProfile current, ClusterTakeoverProfile proposed) {
    List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
    if (!Objects.equals(current.getMetadata().getName(), proposed.getMetadata().getName())) {
      errors.add(FieldError.forbidden("metadata.name", "the name of an object cannot change"));
    }
    return errors;
  }

  /**
   * Namespaces need DNS labels; other kinds follow the API server's path-segment rule, which allows
   * RBAC names such as {@code open-cluster-management:addon-reader}.
   */
  private static List<FieldError> checkName(String field, String kind, String name) {
    if ("Namespace".equals(kind)) {
      return Names.checkLabel(field, name);
    }
    if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
      return List.of(
          FieldError.invalid(
              field,
              "\""
                  + name
                  + "\" is not a valid name: it may not be '.' or '..' or contain '/' or '%'"));
    }
    return List.of();
  }

  private static List<FieldError> checkResources(
      String path, List<GenericKubernetesResource> resources) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < resources.size(); i++) {
      GenericKubernetesResource r = resources.get(i);
      String field = path + "[" + i + "]";
      if (r == null) {
        errors.add(FieldError.required(field, "a resource may not be empty"));
        continue;
      }
      if (r.getApiVersion() == null || r.getApiVersion().isBlank()) {
        errors.add(FieldError.required(field + ".apiVersion", "every resource needs apiVersion"));
      }
      var scope = TakeoverKinds.clusterScoped(r.getKind());
      if (r.getKind() == null || r.getKind().isBlank()) {
        errors.add(FieldError.required(field + ".kind", "every resource needs kind"));
      } else if (scope.isEmpty()) {
        errors.add(
            FieldError.notSupported(field + ".kind", r.getKind(), TakeoverKinds.supported()));
      }
      String name = r.getMetadata() == null ? null : r.getMetadata().getName();
      String namespace = r.getMetadata() == null ? null : r.getMetadata().getNamespace();
      if (name == null || name.isBlank()) {
        errors.add(
            FieldError.required(field + ".metadata.name", "every resource needs metadata.name"));
        continue;
      }
      errors.addAll(checkName(field + ".metadata.name", r.getKind(), name));
      if (scope.isPresent() && !scope.get() && (namespace == null || namespace.isBlank())) {
        errors.add(
            FieldError.required(
                field + ".metadata.namespace",
                r.getKind()
                    + " "
                    + name
                    + " is namespaced: set metadata.namespace (for example"
                    + " open-cluster-management-agent-addon)"));
      } else if (scope.isPresent() && scope.get() && namespace != null) {
        errors.add(
            FieldError.forbidden(
                field + ".metadata.namespace",
                r.getKind() + " is cluster-scoped: remove metadata.namespace"));
      }
      if (r.getKind() != null && !seen.add(TakeoverResources.key(r))) {
        errors.add(
            FieldError.duplicate(
                field,
                TakeoverResources.key(r) + " appears twice in " + path + "; keep one entry"));
      }
    }
    return errors;
  }
}
