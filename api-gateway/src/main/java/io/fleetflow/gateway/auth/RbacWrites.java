package io.fleetflow.gateway.auth;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fleetflow.client.rbac.RbacStore;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.authz.RbacPolicy;
import io.fleetflow.model.authz.RuleMatcher;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.registry.Kinds;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What a Kubernetes API server adds to the writes of RBAC objects, and keeping the gateway's {@link
 * RbacStore} current with its own writes.
 *
 * <ul>
 *   <li>Escalation: a Role or ClusterRole may grant only what its writer holds (where it applies),
 *       unless the writer may {@code escalate} it; a binding may grant a role only to a writer who
 *       holds everything the role grants, or may {@code bind} it. A binding to a role that does not
 *       exist is therefore refused to everyone but those who may bind it.
 *   <li>Warnings, as {@code Warning} headers: verbs no Kubernetes or Fleetflow API uses, resources
 *       of Fleetflow's groups that it does not serve, and bindings to a role that does not exist.
 *       Kubernetes accepts them, and so does Fleetflow.
 * </ul>
 */
@Component
public class RbacWrites {
  private static final Set<String> VERBS =
      Set.of(
          "*",
          "get",
          "list",
          "watch",
          "create",
          "update",
          "patch",
          "delete",
          "deletecollection",
          "bind",
          "escalate",
          "impersonate",
          "approve",
          "sign",
          "use",
          "post",
          "put",
          "head");

  private final RbacStore store;

  public RbacWrites(RbacStore store) {
    this.store = store;
  }

  /**
   * Refuses an RBAC object its writer may not grant, and adds warnings about its rules; other
   * objects pass.
   *
   * @throws ApiException 403 with what the writer lacks
   */
  public void check(HasMetadata object, Actor writer, List<String> warnings) {
    RbacPolicy policy = store.get();
    switch (object) {
      case ClusterRole role -> {
        warn(role.getRules(), warnings);
        escalation(policy, writer, object, "clusterroles", "", role.getRules());
      }
      case Role role -> {
        warn(role.getRules(), warnings);
        escalation(
            policy, writer, object, "roles", role.getMetadata().getNamespace(), role.getRules());
      }
      case RoleBinding binding ->
          binding(
              policy,
              writer,
              object,
              binding.getRoleRef(),
              binding.getMetadata().getNamespace(),
              warnings);
      case ClusterRoleBinding binding ->
          binding(policy, writer, object, binding.getRoleRef(), "", warnings);
      default -> {
        // Only RBAC objects grant permissions.
      }
    }
  }

  /** Takes in an object this gateway has just stored; returns it. */
  public <T extends HasMetadata> T written(T object) {
    if (RbacStore.follows(object.getKind())) {
      store.written(object, false);
    }
    return object;
  }

  /** Takes in an object this gateway has just deleted. */
  public void deleted(HasMetadata object) {
    if (RbacStore.follows(object.getKind())) {
      store.written(object, true);
    }
  }

  private static void escalation(
      RbacPolicy policy,
      Actor writer,
      HasMetadata object,
      String resource,
      String namespace,
      List<PolicyRule> rules) {
    Access escalate =
        Access.resource(
            "escalate", ApiGroups.RBAC, resource, "", namespace, object.getMetadata().getName());
    if (rules == null || policy.allows(writer.user(), writer.groups(), escalate)) {
      return;
    }
    List<String> missing =
        RuleMatcher.uncovered(policy.rulesFor(writer.user(), writer.groups(), namespace), rules);
    if (!missing.isEmpty()) {
      throw notHeld(writer, object, resource, missing);
    }
  }

  private static void binding(
      RbacPolicy policy,
      Actor writer,
      HasMetadata object,
      RoleRef ref,
      String namespace,
      List<String> warnings) {
    if (ref == null) {
      return;
    }
    String resource = object instanceof RoleBinding ? "rolebindings" : "clusterrolebindings";
    Access bind =
        Access.resource(
            "bind",
            ApiGroups.RBAC,
            "ClusterRole".equals(ref.getKind()) ? "clusterroles" : "roles",
            "",
            "ClusterRole".equals(ref.getKind()) ? "" : namespace,
            ref.getName());
    Optional<List<PolicyRule>> granted = policy.roleRules(ref, namespace);
    if (granted.isEmpty()) {
      warnings.add(
          ref.getKind()
              + " \""
              + ref.getName()
              + "\" does not exist: the binding grants nothing until it does");
    }
    if (policy.allows(writer.user(), writer.groups(), bind)) {
      return;
    }
    if (granted.isEmpty()) {
      throw forbidden(
          object,
          resource,
          ref.getKind().toLowerCase(java.util.Locale.ROOT)
              + "s."
              + ApiGroups.RBAC
              + " \""
              + ref.getName()
              + "\" not found: only a user who may bind it ("
              + bind.describe()
              + ") may bind a role that does not exist");
    }
    List<String> missing =
        RuleMatcher.uncovered(
            policy.rulesFor(writer.user(), writer.groups(), namespace), granted.get());
    if (!missing.isEmpty()) {
      throw notHeld(writer, object, resource, missing);
    }
  }

  private static ApiException notHeld(
      Actor writer, HasMetadata object, String resource, List<String> missing) {
    return forbidden(
        object,
        resource,
        "user \""
            + writer.user()
            + "\" (groups="
            + writer.groups()
            + ") is attempting to grant RBAC permissions not currently held: "
            + String.join("; ", missing.subList(0, Math.min(10, missing.size())))
            + (missing.size() > 10 ? "; and " + (missing.size() - 10) + " more" : ""));
  }

  /** A 403 about one RBAC object, in Kubernetes' words. */
  private static ApiException forbidden(HasMetadata object, String resource, String why) {
    return RequestAuthorizer.forbidden(
        Access.resource("create", ApiGroups.RBAC, resource, "", "", object.getMetadata().getName()),
        why);
  }

  private static void warn(List<PolicyRule> rules, List<String> warnings) {
    if (rules == null) {
      return;
    }
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule rule = rules.get(i);
      for (String verb : list(rule.getVerbs())) {
        if (!VERBS.contains(verb)) {
          warnings.add("rules[" + i + "].verbs: \"" + verb + "\" is a verb no API here uses");
        }
      }
      for (String group : list(rule.getApiGroups())) {
        List<ResourceKind<? extends HasMetadata>> served =
            Kinds.ALL.stream().filter(k -> k.group().equals(group)).toList();
        if (served.isEmpty()) {
          continue;
        }
        for (String resource : list(rule.getResources())) {
          String plural =
              resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
          if (!plural.equals("*") && served.stream().noneMatch(k -> k.plural().equals(plural))) {
            warnings.add(
                "rules["
                    + i
                    + "].resources: \""
                    + resource
                    + "\" is not a resource of "
                    + group
                    + " (it serves "
                    + String.join(", ", served.stream().map(ResourceKind::plural).toList())
                    + ")");
          }
        }
      }
    }
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }
}
