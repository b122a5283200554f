package io.fleetflow.model.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kubernetes RBAC's decisions for two tenants of one hub: team A binds set {@code a} and works in
 * {@code team-a}, team B the same with {@code b}; a ClusterRoleBinding reaches everywhere, a
 * RoleBinding only its namespace, resourceNames only the named objects, and nothing else is
 * allowed.
 */
class RbacPolicyTest {
  private static final String CLUSTER = "cluster.open-cluster-management.io";
  private static final String WORK = "work.open-cluster-management.io";

  private static final RbacPolicy POLICY =
      RbacPolicy.of(
          List.of(
              clusterRole("team-a-sets", CLUSTER, "managedclustersets/bind", "a", "create"),
              clusterRole("team-b-sets", CLUSTER, "managedclustersets/bind", "b", "create"),
              clusterRole("rollout-editor", WORK, "manifestworkreplicasets", null, "*"),
              clusterRole("gatekeeper", WORK, "*/approve", null, "create")),
          List.of(
              new RoleBuilder()
                  .withNewMetadata()
                  .withNamespace("team-a")
                  .withName("reader")
                  .endMetadata()
                  .withRules(
                      new PolicyRuleBuilder()
                          .withApiGroups(WORK)
                          .withResources("manifestworks")
                          .withVerbs("get", "list")
                          .build())
                  .build()),
          List.of(
              clusterBinding("a-sets", "team-a-sets", "Group", "team-a"),
              clusterBinding("b-sets", "team-b-sets", "Group", "team-b"),
              clusterBinding("dangling", "no-such-role", "Group", "team-a")),
          List.of(
              roleBinding("team-a", "editors", "ClusterRole", "rollout-editor", "Group", "team-a"),
              roleBinding("team-a", "gates", "ClusterRole", "gatekeeper", "User", "alice"),
              roleBinding("team-a", "readers", "Role", "reader", "ServiceAccount", "robot"),
              roleBinding(
                  "team-b", "editors", "ClusterRole", "rollout-editor", "Group", "team-b")));

  static Stream<Arguments> decisions() {
    return Stream.of(
        row("alice", "team-a", "create", CLUSTER, "managedclustersets", "bind", "", "a", true),
        row("alice", "team-a", "create", CLUSTER, "managedclustersets", "bind", "", "b", false),
        row("bob", "team-b", "create", CLUSTER, "managedclustersets", "bind", "", "b", true),
        row("alice", "team-a", "create", CLUSTER, "managedclustersets", "join", "", "a", false),
        row(
            "alice",
            "team-a",
            "update",
            WORK,
            "manifestworkreplicasets",
            "",
            "team-a",
            "web",
            true),
        row(
            "alice",
            "team-a",
            "update",
            WORK,
            "manifestworkreplicasets",
            "",
            "team-b",
            "web",
            false),
        row("alice", "team-a", "list", WORK, "manifestworkreplicasets", "", "", "", false),
        row(
            "alice",
            "team-a",
            "create",
            WORK,
            "manifestworkreplicasets",
            "approve",
            "team-a",
            "web",
            true),
        row(
            "carol",
            "team-a",
            "create",
            WORK,
            "manifestworkreplicasets",
            "approve",
            "team-a",
            "web",
            false),
        row(
            "bob",
            "team-b",
            "create",
            WORK,
            "manifestworkreplicasets",
            "approve",
            "team-b",
            "web",
            false),
        row("bob", "team-b", "delete", WORK, "manifestworkreplicasets", "", "team-b", "web", true),
        row(
            "system:serviceaccount:team-a:robot",
            "",
            "list",
            WORK,
            "manifestworks",
            "",
            "team-a",
            "",
            true),
        row(
            "system:serviceaccount:team-a:robot",
            "",
            "delete",
            WORK,
            "manifestworks",
            "",
            "team-a",
            "w",
            false),
        row(
            "system:serviceaccount:team-b:robot",
            "",
            "list",
            WORK,
            "manifestworks",
            "",
            "team-a",
            "",
            false),
        row("mallory", "", "get", CLUSTER, "managedclusters", "", "", "c1", false));
  }

  @ParameterizedTest(name = "{0} ({1}) {2} {4}/{5} in [{6}] named [{7}]: {8}")
  @MethodSource("decisions")
  void decidesAsKubernetesRbacDoes(
      String user,
      String group,
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name,
      boolean allowed) {
    Access access = Access.resource(verb, apiGroup, resource, subresource, namespace, name);
    List<String> groups = group.isEmpty() ? List.of() : List.of(group);

    assertThat(POLICY.allows(user, groups, access)).isEqualTo(allowed);
  }

  @Test
  void anAllowedDecisionNamesTheBindingTheRoleAndTheSubject() {
    RbacPolicy.Decision decision =
        POLICY.decide(
            "alice",
            List.of("team-a"),
            Access.resource("create", CLUSTER, "managedclustersets", "bind", "", "a"));

    assertThat(decision.reason())
        .isEqualTo(
            "RBAC: allowed by ClusterRoleBinding \"a-sets\" of ClusterRole \"team-a-sets\" to Group"
                + " \"team-a\"");
  }

  @Test
  void theRulesOfACallerInANamespaceAreItsClusterRulesAndThatNamespacesRules() {
    assertThat(POLICY.rulesFor("alice", List.of("team-a"), "team-a")).hasSize(3);
    assertThat(POLICY.rulesFor("alice", List.of("team-a"), "team-b")).hasSize(1);
    assertThat(POLICY.rulesFor("alice", List.of("team-a"), "")).hasSize(1);
  }

  @Test
  void everyAuthenticatedCallerIsInTheAuthenticatedGroup() {
    RbacPolicy policy =
        RbacPolicy.of(
            DefaultPolicy.clusterRoles(),
            List.of(),
            DefaultPolicy.clusterRoleBindings(),
            List.of());
    Access review =
        Access.resource("create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", "");

    assertThat(policy.allows("anyone", List.of(), review)).isTrue();
    assertThat(policy.allows("anyone", List.of(), review.withVerb("delete"))).isFalse();
  }

  @Test
  void decisionsLookOnlyAtTheCallersOwnBindingsHoweverManyThereAre() {
    List<ClusterRoleBinding> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(clusterBinding("b" + i, "rollout-editor", "User", "user" + i));
    }
    RbacPolicy policy =
        RbacPolicy.of(
            List.of(clusterRole("rollout-editor", WORK, "manifestworkreplicasets", null, "*")),
            List.of(),
            many,
            List.of());
    Access edit = Access.resource("update", WORK, "manifestworkreplicasets", "", "ns", "web");

    assertThat(policy.allows("user999", List.of(), edit)).isTrue();
    assertThat(policy.allows("user1000", List.of(), edit)).isFalse();
    assertThat(policy.size()).isEqualTo(1001);
  }

  private static Arguments row(Object... values) {
    return Arguments.of(values);
  }

  static ClusterRole clusterRole(
      String name, String group, String resource, String resourceName, String verb) {
    PolicyRuleBuilder rule =
        new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verb);
    if (resourceName != null) {
      rule.withResourceNames(resourceName);
    }
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withRules(rule.build())
        .build();
  }

  static ClusterRoleBinding clusterBinding(
      String name, String role, String subjectKind, String subject) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject()
        .withKind(subjectKind)
        .withName(subject)
        .endSubject()
        .build();
  }

  static RoleBinding roleBinding(
      String namespace,
      String name,
      String roleKind,
      String role,
      String subjectKind,
      String subject) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role)
        .addNewSubject()
        .withKind(subjectKind)
        .withName(subject)
        .endSubject()
        .build();
  }
}
