package io.fleetflow.model.authz;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.DecisiveField;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.ReferenceGuard;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.registry.Kinds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ClusterRoles and ClusterRoleBindings every hub starts with, as a Kubernetes API server
 * bootstraps its own: Fleetflow's four groups ({@link Roles}) become bindings to four roles, built
 * from the kinds the hub serves, so a new kind or subresource lands in the right role by the {@link
 * Permission} it declares.
 *
 * <ul>
 *   <li>{@value #VIEWER}: get, list and watch every Fleetflow resource, and decode payloads for the
 *       Temporal UI (Secrets redacted); bound to viewers, operators and approvers.
 *   <li>{@value #OPERATOR}: create, update, patch and delete them, call their controls (pause,
 *       resume, abort, undo), bind and join every cluster set, and see Secret values in the
 *       Temporal UI; bound to operators. It grants no decision and nothing of RBAC.
 *   <li>{@value #APPROVER}: the decisions: accept clusters ({@code managedclusters/accept}),
 *       approve rollout stages, actions and certificate requests; bound to approvers.
 *   <li>{@value #CLUSTER_ADMIN}: everything; bound to {@code fleetflow:admins} and {@code
 *       system:masters}.
 *   <li>{@value #BASIC_USER}: the access reviews of {@code kubectl auth can-i}; bound to every
 *       authenticated caller.
 * </ul>
 *
 * The objects carry Kubernetes' bootstrap label and autoupdate annotation; a hub recreates a
 * missing one at start and leaves changed ones as the operator left them.
 */
public final class DefaultPolicy {
  public static final String CLUSTER_ADMIN = "cluster-admin";
  public static final String VIEWER = "fleetflow:viewer";
  public static final String OPERATOR = "fleetflow:operator";
  public static final String APPROVER = "fleetflow:approver";
  public static final String BASIC_USER = "system:basic-user";

  /** The group Kubernetes' superusers are in. */
  public static final String MASTERS = "system:masters";

  /** The non-resource path of the Temporal UI's codec; viewers may decode. */
  public static final String CODEC_DECODE = "/codec/decode";

  /** The non-resource path of encoding payloads for the Temporal UI; operators may. */
  public static final String CODEC_ENCODE = "/codec/encode";

  /** A non-resource path whose {@code get} lets the codec show Secret values unredacted. */
  public static final String SECRET_VALUES = "/codec/secret-values";

  private static final Map<String, String> LABELS =
      Map.of("kubernetes.io/bootstrapping", "rbac-defaults");
  private static final Map<String, String> ANNOTATIONS =
      Map.of("rbac.authorization.kubernetes.io/autoupdate", "true");

  private DefaultPolicy() {}

  /** The default ClusterRoles. */
  public static List<ClusterRole> clusterRoles() {
    return Holder.ROLES;
  }

  /** The default ClusterRoleBindings. */
  public static List<ClusterRoleBinding> clusterRoleBindings() {
    return Holder.BINDINGS;
  }

  /** A policy of the default objects only: what a hub without RBAC objects of its own decides. */
  public static RbacPolicy policy() {
    return Holder.POLICY;
  }

  /**
   * The default role that grants an access (wherever and to whatever object), for refusals that say
   * where to get a permission; {@value #CLUSTER_ADMIN} only when no narrower one does; null when
   * none does.
   */
  public static String roleGranting(Access access) {
    Access anywhere =
        access.isResource()
            ? Access.resource(
                access.verb(), access.group(), access.resource(), access.subresource(), "", "")
            : access;
    for (ClusterRole role : Holder.ROLES) {
      if (!role.getMetadata().getName().equals(CLUSTER_ADMIN)
          && RuleMatcher.anyAllows(role.getRules(), anywhere)) {
        return role.getMetadata().getName();
      }
    }
    return CLUSTER_ADMIN;
  }

  private static final class Holder {
    static final List<ClusterRole> ROLES = buildRoles();
    static final List<ClusterRoleBinding> BINDINGS = buildBindings();
    static final RbacPolicy POLICY = RbacPolicy.of(ROLES, List.of(), BINDINGS, List.of());
  }

  private static List<ClusterRole> buildRoles() {
    List<ResourceKind<? extends HasMetadata>> kinds =
        Kinds.ALL.stream().filter(k -> !k.group().equals(ApiGroups.RBAC)).toList();
    List<PolicyRule> viewer = new ArrayList<>();
    List<PolicyRule> operator = new ArrayList<>();
    List<PolicyRule> approver = new ArrayList<>();
    Set<String> groups = new LinkedHashSet<>();
    kinds.forEach(k -> groups.add(k.group()));
    viewer.add(rule(List.of("get", "list", "watch"), List.copyOf(groups), List.of("*")));
    viewer.add(rule(List.of("get", "list", "watch"), List.of(""), List.of("events", "namespaces")));
    viewer.add(path("post", CODEC_DECODE));
    for (ResourceKind<? extends HasMetadata> kind : kinds) {
      List<String> changes = new ArrayList<>(List.of(kind.plural()));
      for (Subresource sub : kind.subresources()) {
        String resource = kind.plural() + "/" + sub.name();
        switch (sub.permission()) {
          case CHANGE -> changes.add(resource);
          case DECIDE ->
              approver.add(rule(List.of(sub.rbacVerb()), List.of(kind.group()), List.of(resource)));
          case READ -> {
            // Viewers read every resource and subresource of the group already.
          }
        }
      }
      operator.add(
          rule(
              List.of("create", "update", "patch", "delete", "deletecollection"),
              List.of(kind.group()),
              changes));
      for (DecisiveField<?> field : kind.decisiveFields()) {
        approver.add(
            rule(
                List.of(field.verb()),
                List.of(field.group() == null ? kind.group() : field.group()),
                List.of(kind.plural() + "/" + field.subresource())));
      }
      for (ReferenceGuard<?> guard : kind.guards()) {
        operator.add(
            rule(
                List.of(guard.verb()),
                List.of(guard.group()),
                List.of(guard.resource() + "/" + guard.subresource())));
      }
    }
    operator.add(path("post", CODEC_ENCODE));
    operator.add(path("get", SECRET_VALUES));
    return List.of(
        role(VIEWER, viewer),
        role(OPERATOR, operator),
        role(APPROVER, approver),
        role(
            BASIC_USER,
            List.of(
                rule(
                    List.of("create"),
                    List.of(ApiGroups.AUTHORIZATION),
                    List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")))),
        role(
            CLUSTER_ADMIN,
            List.of(
                rule(List.of("*"), List.of("*"), List.of("*")),
                new PolicyRuleBuilder().withVerbs("*").withNonResourceURLs("*").build())));
  }

  private static List<ClusterRoleBinding> buildBindings() {
    return List.of(
        binding("fleetflow:viewers", VIEWER, Roles.VIEWERS, Roles.OPERATORS, Roles.APPROVERS),
        binding("fleetflow:operators", OPERATOR, Roles.OPERATORS),
        binding("fleetflow:approvers", APPROVER, Roles.APPROVERS),
        binding("fleetflow:admins", CLUSTER_ADMIN, Roles.ADMINS, MASTERS),
        binding(BASIC_USER, BASIC_USER, RbacPolicy.AUTHENTICATED));
  }

  private static PolicyRule rule(List<String> verbs, List<String> groups, List<String> resources) {
    return new PolicyRuleBuilder()
        .withVerbs(verbs)
        .withApiGroups(groups)
        .withResources(resources)
        .build();
  }

  private static PolicyRule path(String verb, String url) {
    return new PolicyRuleBuilder().withVerbs(verb).withNonResourceURLs(url).build();
  }

  private static ClusterRole role(String name, List<PolicyRule> rules) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(LABELS)
        .withAnnotations(ANNOTATIONS)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  private static ClusterRoleBinding binding(String name, String role, String... groups) {
    List<Subject> subjects = new ArrayList<>();
    for (String group : groups) {
      subjects.add(
          new SubjectBuilder()
              .withKind("Group")
              .withApiGroup(ApiGroups.RBAC)
              .withName(group)
              .build());
    }
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(LABELS)
        .withAnnotations(ANNOTATIONS)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup(ApiGroups.RBAC)
        .withKind("ClusterRole")
        .withName(role)
        .endRoleRef()
        .withSubjects(subjects)
        .build();
  }
}
