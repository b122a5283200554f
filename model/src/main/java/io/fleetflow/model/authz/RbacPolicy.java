package io.fleetflow.model.authz;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One snapshot of a hub's RBAC objects and the decisions Kubernetes' RBAC authorizer makes from
 * them: a subject may do what a rule of a role bound to it allows, a ClusterRoleBinding everywhere,
 * a RoleBinding in its own namespace only (whether it names a Role or a ClusterRole). Nothing is
 * denied explicitly; a binding whose role does not exist grants nothing. Every authenticated caller
 * is also in the group {@value #AUTHENTICATED}.
 *
 * <p>Bindings are indexed by subject, so a decision looks only at the bindings of the caller's user
 * and groups, however many bindings the hub holds. Immutable and pure: a new snapshot replaces the
 * old when an RBAC object changes.
 */
public final class RbacPolicy {
  /** The group every authenticated caller is in, as on a Kubernetes API server. */
  public static final String AUTHENTICATED = "system:authenticated";

  private static final RbacPolicy EMPTY = of(List.of(), List.of(), List.of(), List.of());

  private final Map<String, ClusterRole> clusterRoles = new HashMap<>();
  private final Map<String, Role> roles = new HashMap<>();
  private final Map<String, List<ClusterRoleBinding>> clusterBindings = new HashMap<>();
  private final Map<String, List<RoleBinding>> roleBindings = new HashMap<>();
  private final int size;

  private RbacPolicy(
      Collection<ClusterRole> clusterRoles,
      Collection<Role> roles,
      Collection<ClusterRoleBinding> clusterBindings,
      Collection<RoleBinding> roleBindings) {
    clusterRoles.forEach(r -> this.clusterRoles.put(r.getMetadata().getName(), r));
    roles.forEach(
        r -> this.roles.put(key(r.getMetadata().getNamespace(), r.getMetadata().getName()), r));
    for (ClusterRoleBinding binding : clusterBindings) {
      for (String subject : subjectKeys(binding.getSubjects(), "")) {
        this.clusterBindings.computeIfAbsent(subject, s -> new ArrayList<>()).add(binding);
      }
    }
    for (RoleBinding binding : roleBindings) {
      String namespace = binding.getMetadata().getNamespace();
      for (String subject : subjectKeys(binding.getSubjects(), namespace)) {
        this.roleBindings
            .computeIfAbsent(key(namespace, subject), s -> new ArrayList<>())
            .add(binding);
      }
    }
    this.size = clusterRoles.size() + roles.size() + clusterBindings.size() + roleBindings.size();
  }

  /** A snapshot of these objects. */
  public static RbacPolicy of(
      Collection<ClusterRole> clusterRoles,
      Collection<Role> roles,
      Collection<ClusterRoleBinding> clusterBindings,
      Collection<RoleBinding> roleBindings) {
    return new RbacPolicy(clusterRoles, roles, clusterBindings, roleBindings);
  }

  /** A snapshot without any object, which allows nothing. */
  public static RbacPolicy empty() {
    return EMPTY;
  }

  /** How many RBAC objects the snapshot holds. */
  public int size() {
    return size;
  }

  /**
   * Decides one access for a caller.
   *
   * @param user the caller's user name
   * @param groups the caller's groups ({@value #AUTHENTICATED} is added)
   */
  public Decision decide(String user, List<String> groups, Access access) {
    for (String subject : callerKeys(user, groups)) {
      for (ClusterRoleBinding binding : clusterBindings.getOrDefault(subject, List.of())) {
        if (RuleMatcher.anyAllows(rules(binding.getRoleRef(), null), access)) {
          return Decision.allow(
              "ClusterRoleBinding \"" + binding.getMetadata().getName() + "\"",
              binding.getRoleRef(),
              subject);
        }
      }
      if (!access.namespace().isEmpty()) {
        for (RoleBinding binding :
            roleBindings.getOrDefault(key(access.namespace(), subject), List.of())) {
          if (RuleMatcher.anyAllows(rules(binding.getRoleRef(), access.namespace()), access)) {
            return Decision.allow(
                "RoleBinding \""
                    + binding.getMetadata().getName()
                    + "\" of namespace \""
                    + access.namespace()
                    + "\"",
                binding.getRoleRef(),
                subject);
          }
        }
      }
    }
    return Decision.DENY;
  }

  /** Returns true when the caller may do the access. */
  public boolean allows(String user, List<String> groups, Access access) {
    return decide(user, groups, access).allowed();
  }

  /**
   * Every rule that applies to the caller in a namespace: those of its ClusterRoleBindings, and of
   * its RoleBindings in {@code namespace} (none when it is empty), as a SelfSubjectRulesReview and
   * the escalation check need them.
   */
  public List<PolicyRule> rulesFor(String user, List<String> groups, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    for (String subject : callerKeys(user, groups)) {
      for (ClusterRoleBinding binding : clusterBindings.getOrDefault(subject, List.of())) {
        rules.addAll(rules(binding.getRoleRef(), null));
      }
      if (namespace != null && !namespace.isEmpty()) {
        for (RoleBinding binding : roleBindings.getOrDefault(key(namespace, subject), List.of())) {
          rules.addAll(rules(binding.getRoleRef(), namespace));
        }
      }
    }
    return rules;
  }

  /**
   * The rules a role reference names: a ClusterRole's, or a Role's of {@code namespace}; empty when
   * the role does not exist.
   */
  public Optional<List<PolicyRule>> roleRules(RoleRef ref, String namespace) {
    if (ref == null) {
      return Optional.empty();
    }
    if ("ClusterRole".equals(ref.getKind())) {
      return Optional.ofNullable(clusterRoles.get(ref.getName())).map(RbacPolicy::rulesOf);
    }
    return Optional.ofNullable(roles.get(key(namespace, ref.getName()))).map(RbacPolicy::rulesOf);
  }

  private List<PolicyRule> rules(RoleRef ref, String namespace) {
    return roleRules(ref, namespace).orElse(List.of());
  }

  private static List<PolicyRule> rulesOf(ClusterRole role) {
    return role.getRules() == null ? List.of() : role.getRules();
  }

  private static List<PolicyRule> rulesOf(Role role) {
    return role.getRules() == null ? List.of() : role.getRules();
  }

  private static Set<String> callerKeys(String user, List<String> groups) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("User:" + user);
    if (groups != null) {
      groups.forEach(g -> keys.add("Group:" + g));
    }
    keys.add("Group:" + AUTHENTICATED);
    return keys;
  }

  /** The caller keys a binding's subjects stand for; a ServiceAccount is its user name. */
  private static List<String> subjectKeys(List<Subject> subjects, String bindingNamespace) {
    List<String> keys = new ArrayList<>();
    if (subjects == null) {
      return keys;
    }
    for (Subject subject : subjects) {
      switch (String.valueOf(subject.getKind())) {
        case "User" -> keys.add("User:" + subject.getName());
        case "Group" -> keys.add("Group:" + subject.getName());
        case "ServiceAccount" ->
            keys.add(
                "User:system:serviceaccount:"
                    + (subject.getNamespace() == null || subject.getNamespace().isEmpty()
                        ? bindingNamespace
                        : subject.getNamespace())
                    + ":"
                    + subject.getName());
        default -> {
          // A subject of an unknown kind matches nobody, as in Kubernetes.
        }
      }
    }
    return keys;
  }

  private static String key(String namespace, String rest) {
    return namespace + "|" + rest;
  }

  /**
   * What RBAC decided and why.
   *
   * @param allowed whether the access is allowed
   * @param reason which binding, role and subject allowed it, or empty when none did
   */
  public record Decision(boolean allowed, String reason) {
    static final Decision DENY = new Decision(false, "");

    static Decision allow(String binding, RoleRef role, String subject) {
      return new Decision(
          true,
          "RBAC: allowed by "
              + binding
              + " of "
              + role.getKind()
              + " \""
              + role.getName()
              + "\" to "
              + subject.replaceFirst(":", " \"")
              + "\"");
    }
  }
}
