package io.fleetflow.model.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes' validation of RBAC objects, with its field paths and messages: every rule needs
 * verbs, and either API groups with resources or (in a ClusterRole only) non-resource URLs; a
 * binding names a role of a kind it may name, in the RBAC group, and subjects of a known kind; its
 * roleRef never changes. Unknown verbs and resources are accepted, as Kubernetes accepts them (the
 * gateway warns about them).
 */
public final class RbacValidators {
  private static final List<String> BINDING_ROLE_KINDS = List.of("Role", "ClusterRole");
  private static final List<String> CLUSTER_BINDING_ROLE_KINDS = List.of("ClusterRole");
  private static final List<String> SUBJECT_KINDS = List.of("ServiceAccount", "User", "Group");

  private RbacValidators() {}

  /** Validates Roles: a valid name, and resource rules only. */
  public static final ObjectValidator<Role> ROLES =
      role -> {
        List<FieldError> errors = new ArrayList<>(name(role.getMetadata().getName()));
        errors.addAll(rules(role.getRules(), true));
        return errors;
      };

  /** Validates ClusterRoles: a valid name, and resource or non-resource rules. */
  public static final ObjectValidator<ClusterRole> CLUSTER_ROLES =
      role -> {
        List<FieldError> errors = new ArrayList<>(name(role.getMetadata().getName()));
        errors.addAll(rules(role.getRules(), false));
        return errors;
      };

  /** Validates RoleBindings: a Role or ClusterRole, known subjects, an unchanging roleRef. */
  public static final ObjectValidator<RoleBinding> ROLE_BINDINGS =
      new ObjectValidator<>() {
        @Override
        public List<FieldError> validateCreate(RoleBinding binding) {
          List<FieldError> errors = new ArrayList<>(name(binding.getMetadata().getName()));
          errors.addAll(roleRef(binding.getRoleRef(), BINDING_ROLE_KINDS));
          errors.addAll(subjects(binding.getSubjects(), true));
          return errors;
        }

        @Override
        public List<FieldError> validateUpdate(RoleBinding current, RoleBinding proposed) {
          List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
          immutableRoleRef(current.getRoleRef(), proposed.getRoleRef(), errors);
          return errors;
        }
      };

  /** Validates ClusterRoleBindings: a ClusterRole, known subjects, an unchanging roleRef. */
  public static final ObjectValidator<ClusterRoleBinding> CLUSTER_ROLE_BINDINGS =
      new ObjectValidator<>() {
        @Override
        public List<FieldError> validateCreate(ClusterRoleBinding binding) {
          List<FieldError> errors = new ArrayList<>(name(binding.getMetadata().getName()));
          errors.addAll(roleRef(binding.getRoleRef(), CLUSTER_BINDING_ROLE_KINDS));
          errors.addAll(subjects(binding.getSubjects(), false));
          return errors;
        }

        @Override
        public List<FieldError> validateUpdate(
            ClusterRoleBinding current, ClusterRoleBinding proposed) {
          List<FieldError> errors = new ArrayList<>(validateCreate(proposed));
          immutableRoleRef(current.getRoleRef(), proposed.getRoleRef(), errors);
          return errors;
        }
      };

  /** RBAC names are path segments: anything but {@code .}, {@code ..}, and names with / or %. */
  private static List<FieldError> name(String name) {
    if (name == null || name.isEmpty()) {
      return List.of(FieldError.required("metadata.name", "name or generateName is required"));
    }
    if (name.equals(".") || name.equals("..")) {
      return List.of(
          FieldError.invalid(
              "metadata.name", "Invalid value: \"" + name + "\": may not be '" + name + "'"));
    }
    if (name.contains("/") || name.contains("%")) {
      return List.of(
          FieldError.invalid(
              "metadata.name", "Invalid value: \"" + name + "\": may not contain '/' or '%'"));
    }
    return List.of();
  }

  private static List<FieldError> rules(List<PolicyRule> rules, boolean namespaced) {
    List<FieldError> errors = new ArrayList<>();
    if (rules == null) {
      return errors;
    }
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule rule = rules.get(i);
      String at = "rules[" + i + "]";
      if (empty(rule.getVerbs())) {
        errors.add(FieldError.required(at + ".verbs", "verbs must contain at least one value"));
      }
      if (!empty(rule.getNonResourceURLs())) {
        if (namespaced) {
          errors.add(
              FieldError.invalid(
                  at + ".nonResourceURLs",
                  "namespaced rules cannot apply to non-resource URLs: put them in a ClusterRole"));
        }
        if (!empty(rule.getApiGroups()) || !empty(rule.getResources())) {
          errors.add(
              FieldError.invalid(
                  at + ".nonResourceURLs",
                  "rules cannot apply to both regular resources and non-resource URLs"));
        }
        continue;
      }
      if (empty(rule.getApiGroups())) {
        errors.add(
            FieldError.required(
                at + ".apiGroups",
                "resource rules must supply at least one api group (\"\" is the core group)"));
      }
      if (empty(rule.getResources())) {
        errors.add(
            FieldError.required(
                at + ".resources", "resource rules must supply at least one resource"));
      }
    }
    return errors;
  }

  private static List<FieldError> roleRef(RoleRef ref, List<String> kinds) {
    List<FieldError> errors = new ArrayList<>();
    if (ref == null) {
      errors.add(FieldError.required("roleRef", "name the role to bind"));
      return errors;
    }
    if (!ApiGroups.RBAC.equals(ref.getApiGroup())) {
      errors.add(
          FieldError.notSupported("roleRef.apiGroup", ref.getApiGroup(), List.of(ApiGroups.RBAC)));
    }
    if (!kinds.contains(ref.getKind())) {
      errors.add(FieldError.notSupported("roleRef.kind", ref.getKind(), kinds));
    }
    if (ref.getName() == null || ref.getName().isEmpty()) {
      errors.add(FieldError.required("roleRef.name", "name the role to bind"));
    }
    return errors;
  }

  private static List<FieldError> subjects(List<Subject> subjects, boolean namespaced) {
    List<FieldError> errors = new ArrayList<>();
    if (subjects == null) {
      return errors;
    }
    for (int i = 0; i < subjects.size(); i++) {
      Subject subject = subjects.get(i);
      String at = "subjects[" + i + "]";
      if (subject.getName() == null || subject.getName().isEmpty()) {
        errors.add(FieldError.required(at + ".name", "name the user, group or service account"));
      }
      String kind = subject.getKind();
      if (!SUBJECT_KINDS.contains(kind)) {
        errors.add(FieldError.notSupported(at + ".kind", kind, SUBJECT_KINDS));
      } else if (kind.equals("ServiceAccount")) {
        if (subject.getApiGroup() != null && !subject.getApiGroup().isEmpty()) {
          errors.add(FieldError.notSupported(at + ".apiGroup", subject.getApiGroup(), List.of("")));
        }
        if (!namespaced && (subject.getNamespace() == null || subject.getNamespace().isEmpty())) {
          errors.add(
              FieldError.required(
                  at + ".namespace",
                  "a ServiceAccount subject of a ClusterRoleBinding needs a namespace"));
        }
      } else if (!ApiGroups.RBAC.equals(subject.getApiGroup())) {
        errors.add(
            FieldError.notSupported(
                at + ".apiGroup", subject.getApiGroup(), List.of(ApiGroups.RBAC)));
      }
    }
    return errors;
  }

  private static void immutableRoleRef(RoleRef current, RoleRef proposed, List<FieldError> errors) {
    if (current != null && !Objects.equals(current, proposed)) {
      errors.add(
          FieldError.invalid(
              "roleRef", "cannot change roleRef: delete the binding and create a new one"));
    }
  }

  private static boolean empty(List<String> values) {
    return values == null || values.isEmpty();
  }
}
