package io.fleetflow.model.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.clusterset.ManagedClusterSetBindingSpec;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.RolloutKinds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy's table: which RBAC accesses each change needs, judged on what it changes against the
 * object as it is, and which default roles may make it. A request is allowed only if the caller may
 * make every change in it.
 */
class AuthorizationPolicyTest {
  private static final List<String> OPERATOR = List.of(Roles.OPERATORS);
  private static final List<String> APPROVER = List.of(Roles.APPROVERS);
  private static final List<String> ADMIN = List.of(Roles.ADMINS);
  private static final List<String> VIEWER = List.of(Roles.VIEWERS);
  private static final String ACCEPT =
      "update register.open-cluster-management.io/managedclusters/accept c1";
  private static final String UPDATE =
      "update cluster.open-cluster-management.io/managedclusters c1";

  static Stream<Arguments> clusterChanges() {
    return Stream.of(
        row("accepting", c -> c.getSpec().setHubAcceptsClient(true), Set.of(ACCEPT)),
        row("a label", c -> c.getMetadata().setLabels(Map.of("env", "prod")), Set.of(UPDATE)),
        row("the lease", c -> c.getSpec().setLeaseDurationSeconds(30), Set.of(UPDATE)),
        row(
            "an annotation (force-release)",
            c -> c.getMetadata().setAnnotations(Map.of("fleetflow.io/force-release", "true")),
            Set.of(UPDATE)),
        row(
            "accepting with a label",
            c -> {
              c.getSpec().setHubAcceptsClient(true);
              c.getMetadata().setLabels(Map.of("env", "prod"));
            },
            Set.of(ACCEPT, UPDATE)),
        row("nothing", c -> {}, Set.of(UPDATE + " or " + ACCEPT)));
  }

  @ParameterizedTest(name = "changing {0} of a pending cluster needs {2}")
  @MethodSource("clusterChanges")
  void whatAClusterChangeNeeds(String what, Consumer<ManagedCluster> change, Set<String> needed) {
    ManagedCluster current = cluster(false);
    ManagedCluster proposed = cluster(false);
    change.accept(proposed);

    assertThat(
            AuthorizationPolicy.toReplace(ClusterKinds.MANAGED_CLUSTER, current, proposed).stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactlyInAnyOrderElementsOf(needed);
  }

  @Test
  void denyingIsADecisionToo() {
    assertThat(
            AuthorizationPolicy.toReplace(
                    ClusterKinds.MANAGED_CLUSTER, cluster(true), cluster(false))
                .stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactly(ACCEPT);
  }

  @Test
  void creatingAnAcceptedClusterNeedsBothCreatingAPendingOneOnlyCreate() {
    assertThat(
            AuthorizationPolicy.toCreate(ClusterKinds.MANAGED_CLUSTER, cluster(true)).stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactly("create cluster.open-cluster-management.io/managedclusters ", ACCEPT);
    assertThat(
            AuthorizationPolicy.toCreate(ClusterKinds.MANAGED_CLUSTER, cluster(false)).stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactly("create cluster.open-cluster-management.io/managedclusters ");
  }

  @Test
  void movingAClusterBetweenSetsNeedsJoinOnBothSetsAsOcmAsks() {
    ManagedCluster current = cluster(true);
    current.getMetadata().setLabels(new HashMap<>(Map.of(ManagedClusterSet.SET_LABEL, "a")));
    ManagedCluster proposed = cluster(true);
    proposed.getMetadata().setLabels(new HashMap<>(Map.of(ManagedClusterSet.SET_LABEL, "b")));

    assertThat(
            AuthorizationPolicy.toReplace(ClusterKinds.MANAGED_CLUSTER, current, proposed).stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactlyInAnyOrder(
            "create cluster.open-cluster-management.io/managedclustersets/join a",
            "create cluster.open-cluster-management.io/managedclustersets/join b",
            UPDATE);
  }

  @Test
  void bindingASetNeedsBindOnTheSet() {
    ManagedClusterSetBinding binding = new ManagedClusterSetBinding();
    binding.setMetadata(new ObjectMeta());
    binding.getMetadata().setNamespace("team-a");
    binding.getMetadata().setName("a");
    ManagedClusterSetBindingSpec spec = new ManagedClusterSetBindingSpec();
    spec.setClusterSet("a");
    binding.setSpec(spec);

    assertThat(
            AuthorizationPolicy.toCreate(ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING, binding)
                .stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactly(
            "create cluster.open-cluster-management.io/managedclustersetbindings ",
            "create cluster.open-cluster-management.io/managedclustersets/bind a");
  }

  static Stream<Arguments> roles() {
    return Stream.of(
        Arguments.of("an operator", OPERATOR, Set.of("a label", "nothing")),
        Arguments.of("an approver", APPROVER, Set.of("accepting", "nothing")),
        Arguments.of(
            "an admin", ADMIN, Set.of("accepting", "a label", "accepting with a label", "nothing")),
        Arguments.of("a viewer", VIEWER, Set.of()));
  }

  @ParameterizedTest(name = "{0} may change only {2}")
  @MethodSource("roles")
  void aRequestIsAllowedOnlyIfTheCallerMayMakeEveryChangeInIt(
      String who, List<String> groups, Set<String> allowed) {
    for (Arguments row : clusterChanges().toList()) {
      String what = (String) row.get()[0];
      if (what.equals("the lease") || what.startsWith("an annotation")) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Consumer<ManagedCluster> change = (Consumer<ManagedCluster>) row.get()[1];
      ManagedCluster proposed = cluster(false);
      change.accept(proposed);
      var missing =
          AuthorizationPolicy.missing(
              access -> DefaultPolicy.policy().allows("someone", groups, access),
              AuthorizationPolicy.toReplace(
                  ClusterKinds.MANAGED_CLUSTER, cluster(false), proposed));
      assertThat(missing.isEmpty()).as(who + " changing " + what).isEqualTo(allowed.contains(what));
    }
  }

  @Test
  void removingTheApprovalGatesWhileAGateWaitsIsADecision() {
    ManifestWorkReplicaSet current = rollout(true);
    ManifestWorkReplicaSet proposed = rollout(true);
    proposed.getSpec().setApprovalGates(null);

    List<Requirement> needed =
        AuthorizationPolicy.toReplace(RolloutKinds.MANIFEST_WORK_REPLICA_SET, current, proposed);

    assertThat(needed.stream().map(AuthorizationPolicyTest::text))
        .containsExactly(
            "create work.open-cluster-management.io/manifestworkreplicasets/approve web");
    assertThat(needed.get(0).what())
        .isEqualTo("change the approval gates while a gate waits manifestworkreplicasets");
    assertThat(missing(OPERATOR, needed)).isPresent();
    assertThat(missing(APPROVER, needed)).isEmpty();
  }

  @Test
  void changingTheApprovalGatesWhileNoGateWaitsIsAnOrdinaryChange() {
    ManifestWorkReplicaSet current = rollout(false);
    ManifestWorkReplicaSet proposed = rollout(false);
    proposed.getSpec().setApprovalGates(null);

    assertThat(
            AuthorizationPolicy.toReplace(RolloutKinds.MANIFEST_WORK_REPLICA_SET, current, proposed)
                .stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactly("update work.open-cluster-management.io/manifestworkreplicasets web");
  }

  @Test
  void deletingAndCallingSubresourcesNeedTheirVerbs() {
    assertThat(
            AuthorizationPolicy.toDelete(ClusterKinds.MANAGED_CLUSTER, "", "c1").stream()
                .map(AuthorizationPolicyTest::text))
        .containsExactly("delete cluster.open-cluster-management.io/managedclusters c1");
    var approve =
        RolloutKinds.MANIFEST_WORK_REPLICA_SET
            .subresource(RolloutKinds.APPROVE, io.fleetflow.model.meta.Subresource.Verb.POST)
            .orElseThrow();
    List<Requirement> call =
        AuthorizationPolicy.toCall(RolloutKinds.MANIFEST_WORK_REPLICA_SET, approve, "apps", "web");
    assertThat(call.stream().map(AuthorizationPolicyTest::text))
        .containsExactly(
            "create work.open-cluster-management.io/manifestworkreplicasets/approve web");
    assertThat(call.get(0).access().namespace()).isEqualTo("apps");
  }

  @Test
  void aRefusalSaysInKubernetesWordsWhoCannotDoWhatAndWhichRoleGrantsIt() {
    Requirement accept =
        AuthorizationPolicy.toReplace(ClusterKinds.MANAGED_CLUSTER, cluster(false), cluster(true))
            .get(0);
    assertThat(AuthorizationPolicy.refusal("olga", accept))
        .isEqualTo(
            "User \"olga\" cannot update resource \"managedclusters/accept\" in API group"
                + " \"register.open-cluster-management.io\" at the cluster scope (needed to accept"
                + " or deny managedclusters; ClusterRole fleetflow:approver grants it)");
  }

  private static java.util.Optional<Requirement> missing(
      List<String> groups, List<Requirement> needed) {
    return AuthorizationPolicy.missing(
        access -> DefaultPolicy.policy().allows("someone", groups, access), needed);
  }

  /** A requirement in short words: its accesses' verb, group/resource and name, or-joined. */
  private static String text(Requirement requirement) {
    return String.join(
        " or ",
        requirement.anyOf().stream()
            .map(
                a ->
                    a.verb() + " " + a.group() + "/" + a.resourceWithSubresource() + " " + a.name())
            .toList());
  }

  private static Arguments row(String what, Consumer<ManagedCluster> change, Set<String> need) {
    return Arguments.of(what, change, need);
  }

  private static ManagedCluster cluster(boolean accepted) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(new ObjectMeta());
    cluster.getMetadata().setName("c1");
    cluster.getMetadata().setResourceVersion("7");
    cluster.getSpec().setHubAcceptsClient(accepted);
    return cluster;
  }

  private static ManifestWorkReplicaSet rollout(boolean gateWaits) {
    ManifestWorkReplicaSet set = new ManifestWorkReplicaSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setNamespace("apps");
    set.getMetadata().setName("web");
    set.getSpec().setApprovalGates(new ApprovalGates(true, true, null, null));
    set.setStatus(new ManifestWorkReplicaSetStatus());
    if (gateWaits) {
      set.getStatus()
          .setRollout(
              new RolloutStatus(
                  1,
                  "WaitingForApproval",
                  null,
                  List.of(),
                  null,
                  new GateStatus("web", 0, "batch-1", "2025-03-01T00:00:00Z", null, "Pause"),
                  List.of(),
                  List.of(),
                  List.of()));
    }
    return set;
  }
}
