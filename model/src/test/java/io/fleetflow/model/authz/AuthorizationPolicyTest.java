package io.fleetflow.model.authz;

import static io.fleetflow.model.meta.Permission.CHANGE;
import static io.fleetflow.model.meta.Permission.DECIDE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.Roles;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.RolloutKinds;
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
 * The policy's table: what each change needs, judged on what it changes against the object as it
 * is, and which roles may make it. A request is allowed only if the caller may make every change in
 * it.
 */
class AuthorizationPolicyTest {
  private static final List<String> OPERATOR = List.of(Roles.OPERATORS);
  private static final List<String> APPROVER = List.of(Roles.APPROVERS);
  private static final List<String> ADMIN = List.of(Roles.ADMINS);
  private static final List<String> VIEWER = List.of(Roles.VIEWERS);

  static Stream<Arguments> clusterChanges() {
    return Stream.of(
        row("accepting", c -> c.getSpec().setHubAcceptsClient(true), Set.of(DECIDE)),
        row("a label", c -> c.getMetadata().setLabels(Map.of("env", "prod")), Set.of(CHANGE)),
        row("the lease", c -> c.getSpec().setLeaseDurationSeconds(30), Set.of(CHANGE)),
        row(
            "an annotation (force-release)",
            c -> c.getMetadata().setAnnotations(Map.of("fleetflow.io/force-release", "true")),
            Set.of(CHANGE)),
        row(
            "accepting with a label",
            c -> {
              c.getSpec().setHubAcceptsClient(true);
              c.getMetadata().setLabels(Map.of("env", "prod"));
            },
            Set.of(DECIDE, CHANGE)),
        row("nothing", c -> {}, Set.of()));
  }

  @ParameterizedTest(name = "changing {0} of a pending cluster needs {2}")
  @MethodSource("clusterChanges")
  void whatAClusterChangeNeeds(
      String what, Consumer<ManagedCluster> change, Set<Permission> needed) {
    ManagedCluster current = cluster(false);
    ManagedCluster proposed = cluster(false);
    change.accept(proposed);

    assertThat(
            AuthorizationPolicy.toReplace(ClusterKinds.MANAGED_CLUSTER, current, proposed).stream()
                .map(Requirement::permission))
        .containsExactlyInAnyOrderElementsOf(needed);
  }

  @Test
  void denyingIsADecisionToo() {
    assertThat(
            AuthorizationPolicy.toReplace(
                ClusterKinds.MANAGED_CLUSTER, cluster(true), cluster(false)))
        .containsExactly(new Requirement(DECIDE, "accept or deny managedclusters"));
  }

  @Test
  void creatingAnAcceptedClusterNeedsBothCreatingAPendingOneOnlyChange() {
    assertThat(
            AuthorizationPolicy.toCreate(ClusterKinds.MANAGED_CLUSTER, cluster(true)).stream()
                .map(Requirement::permission))
        .containsExactly(CHANGE, DECIDE);
    assertThat(
            AuthorizationPolicy.toCreate(ClusterKinds.MANAGED_CLUSTER, cluster(false)).stream()
                .map(Requirement::permission))
        .containsExactly(CHANGE);
  }

  static Stream<Arguments> roles() {
    return Stream.of(
        Arguments.of("an operator", OPERATOR, Set.of("a label")),
        Arguments.of("an approver", APPROVER, Set.of("accepting")),
        Arguments.of("an admin", ADMIN, Set.of("accepting", "a label", "accepting with a label")),
        Arguments.of("a viewer", VIEWER, Set.of()));
  }

  @ParameterizedTest(name = "{0} may change only {2}")
  @MethodSource("roles")
  void aRequestIsAllowedOnlyIfTheCallerMayMakeEveryChangeInIt(
      String who, List<String> groups, Set<String> allowed) {
    for (Arguments row : clusterChanges().toList()) {
      String what = (String) row.get()[0];
      if (what.equals("nothing") || what.equals("the lease") || what.startsWith("an annotation")) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Consumer<ManagedCluster> change = (Consumer<ManagedCluster>) row.get()[1];
      ManagedCluster proposed = cluster(false);
      change.accept(proposed);
      var missing =
          AuthorizationPolicy.missing(
              Roles.permissions(groups),
              AuthorizationPolicy.toReplace(
                  ClusterKinds.MANAGED_CLUSTER, cluster(false), proposed));
      assertThat(missing.isEmpty()).as(who + " changing " + what).isEqualTo(allowed.contains(what));
    }
  }

  @Test
  void aRequestThatChangesNothingStillNeedsARightToWrite() {
    assertThat(AuthorizationPolicy.missing(Roles.permissions(VIEWER), List.of())).isPresent();
    assertThat(AuthorizationPolicy.missing(Roles.permissions(APPROVER), List.of())).isEmpty();
    assertThat(AuthorizationPolicy.missing(Roles.permissions(OPERATOR), List.of())).isEmpty();
  }

  @Test
  void removingTheApprovalGatesWhileAGateWaitsIsADecision() {
    ManifestWorkReplicaSet current = rollout(true);
    ManifestWorkReplicaSet proposed = rollout(true);
    proposed.getSpec().setApprovalGates(null);

    List<Requirement> needed =
        AuthorizationPolicy.toReplace(RolloutKinds.MANIFEST_WORK_REPLICA_SET, current, proposed);

    assertThat(needed)
        .containsExactly(
            new Requirement(
                DECIDE, "change the approval gates while a gate waits manifestworkreplicasets"));
    assertThat(AuthorizationPolicy.missing(Roles.permissions(OPERATOR), needed)).isPresent();
    assertThat(AuthorizationPolicy.missing(Roles.permissions(APPROVER), needed)).isEmpty();
  }

  @Test
  void changingTheApprovalGatesWhileNoGateWaitsIsAnOrdinaryChange() {
    ManifestWorkReplicaSet current = rollout(false);
    ManifestWorkReplicaSet proposed = rollout(false);
    proposed.getSpec().setApprovalGates(null);

    assertThat(
            AuthorizationPolicy.toReplace(RolloutKinds.MANIFEST_WORK_REPLICA_SET, current, proposed)
                .stream()
                .map(Requirement::permission))
        .containsExactly(CHANGE);
  }

  @Test
  void deletingAndCallingSubresourcesNeedWhatTheyDeclare() {
    assertThat(AuthorizationPolicy.toDelete(ClusterKinds.MANAGED_CLUSTER))
        .containsExactly(new Requirement(CHANGE, "delete managedclusters"));
    var approve =
        RolloutKinds.MANIFEST_WORK_REPLICA_SET
            .subresource(RolloutKinds.APPROVE, io.fleetflow.model.meta.Subresource.Verb.POST)
            .orElseThrow();
    assertThat(AuthorizationPolicy.toCall(RolloutKinds.MANIFEST_WORK_REPLICA_SET, approve))
        .containsExactly(new Requirement(DECIDE, "approve manifestworkreplicasets"));
  }

  @Test
  void aRefusalSaysWhoMayNotDoWhatAndWhichGroupsMay() {
    assertThat(
            AuthorizationPolicy.refusal(
                "olga", new Requirement(DECIDE, "accept or deny managedclusters")))
        .isEqualTo(
            "user \"olga\" may not accept or deny managedclusters (groups fleetflow:approvers or"
                + " fleetflow:admins)");
  }

  private static Arguments row(String what, Consumer<ManagedCluster> change, Set<Permission> need) {
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
