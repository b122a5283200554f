package io.fleetflow.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fleetflow.gateway.auth.RequestAuthorizer;
import io.fleetflow.model.authz.Access;
import io.fleetflow.model.authz.AuthorizationPolicy;
import io.fleetflow.model.authz.DefaultPolicy;
import io.fleetflow.model.authz.RbacPolicy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.RolloutKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What the gateway's authorization costs per request with 1,000 bindings against the default policy
 * alone, in one run: a read ({@code list} in a namespace) and a write (the requirements of a
 * rollout's approval, judged and collected for the voucher), through {@link RequestAuthorizer}, the
 * code every request passes. 500 ClusterRoleBindings of their own ClusterRole to one user each and
 * 1,000 RoleBindings in 500 namespaces; the caller is one of those users.
 */
class AuthorizationBenchmark {
  private static final String SECTION = "## Authorization:";
  private static final int BINDINGS = 1000;
  private static final int ROUNDS = 200_000;
  private static final int WARMUP = 100_000;

  @Test
  void authorizationCostPerRequestWith1000BindingsAgainstNone() throws Exception {
    RbacPolicy none = DefaultPolicy.policy();
    RbacPolicy many = thousandBindings();
    assertThat(many.size()).isGreaterThanOrEqualTo(BINDINGS);
    Actor caller = new Actor("user-7", List.of("fleetflow:viewers", "fleetflow:approvers"), null);
    Actor tenant = new Actor("user-7", List.of("team-7"), null);

    double noneRead = perCall(none, caller, true);
    double noneWrite = perCall(none, caller, false);
    double manyRead = perCall(many, tenant, true);
    double manyWrite = perCall(many, tenant, false);
    // Measured a second time, in the other order, so that neither side has the warmer JIT.
    manyRead = Math.min(manyRead, perCall(many, tenant, true));
    noneRead = Math.min(noneRead, perCall(none, caller, true));
    manyWrite = Math.min(manyWrite, perCall(many, tenant, false));
    noneWrite = Math.min(noneWrite, perCall(none, caller, false));

    String section =
        """
        ## Authorization: RBAC per request, 1,000 bindings against none (%s)

        Load average before the run: %s. `AuthorizationBenchmark` (in-process, the gateway's
        `RequestAuthorizer` over an `RbacPolicy` snapshot; %,d calls per figure, best of two, after
        %,d warm-up calls). "none" is the default policy (the four groups' ClusterRoleBindings);
        "1,000" adds %,d RBAC objects: 500 ClusterRoles bound to one user each, and
        1,000 RoleBindings (viewer and approver for one team in each of 500 namespaces); the caller
        is one of those users, in one of those teams.

        | request | none | 1,000 bindings | ratio |
        |---|---|---|---|
        | read: `list manifestworkreplicasets` in a namespace | %.2f µs | %.2f µs | %.2f× |
        | write: approve a rollout (requirement + voucher grants) | %.2f µs | %.2f µs | %.2f× |

        Bindings are indexed by subject, so a decision reads only the caller's own bindings: the
        cost does not grow with the hub's bindings but with the caller's. A request's own work (a
        Temporal query or update, milliseconds) dwarfs either figure.
        """
            .formatted(
                java.time.LocalDate.now(),
                ProcessFigures.loadAverage(),
                ROUNDS,
                WARMUP,
                many.size() - none.size(),
                noneRead,
                manyRead,
                manyRead / noneRead,
                noneWrite,
                manyWrite,
                manyWrite / noneWrite);
    BenchmarkReport.write(SECTION, section);
  }

  /** Microseconds per authorization of a read or a write, by {@code actor}, over {@code policy}. */
  private static double perCall(RbacPolicy policy, Actor actor, boolean read) {
    Supplier<RbacPolicy> fixed = () -> policy;
    RequestAuthorizer authorizer = new RequestAuthorizer(fixed, Optional.empty());
    Access list =
        Access.resource(
            "list", "work.open-cluster-management.io", "manifestworkreplicasets", "", "ns-7", "");
    var approve =
        RolloutKinds.MANIFEST_WORK_REPLICA_SET
            .subresource(RolloutKinds.APPROVE, io.fleetflow.model.meta.Subresource.Verb.POST)
            .orElseThrow();
    var needed =
        AuthorizationPolicy.toCall(RolloutKinds.MANIFEST_WORK_REPLICA_SET, approve, "ns-7", "web");
    Runnable call =
        read
            ? () -> authorizer.require(actor.user(), actor.groups(), list)
            : () ->
                authorizer.authorize(
                    actor, RolloutKinds.MANIFEST_WORK_REPLICA_SET, "ns-7", "web", needed, "create");
    for (int i = 0; i < WARMUP; i++) {
      call.run();
    }
    long start = System.nanoTime();
    for (int i = 0; i < ROUNDS; i++) {
      call.run();
    }
    return (System.nanoTime() - start) / 1000.0 / ROUNDS;
  }

  private static RbacPolicy thousandBindings() {
    List<ClusterRole> roles = new ArrayList<>(DefaultPolicy.clusterRoles());
    List<ClusterRoleBinding> clusterBindings = new ArrayList<>(DefaultPolicy.clusterRoleBindings());
    List<RoleBinding> roleBindings = new ArrayList<>();
    for (int i = 0; i < BINDINGS / 2; i++) {
      roles.add(
          new ClusterRoleBuilder()
              .withNewMetadata()
              .withName("tenant-" + i)
              .endMetadata()
              .addNewRule()
              .withApiGroups("cluster.open-cluster-management.io")
              .withResources("managedclustersets/bind")
              .withResourceNames("set-" + i)
              .withVerbs("create")
              .endRule()
              .build());
      clusterBindings.add(
          new ClusterRoleBindingBuilder()
              .withNewMetadata()
              .withName("tenant-" + i)
              .endMetadata()
              .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "tenant-" + i)
              .addNewSubject()
              .withKind("User")
              .withName("user-" + i)
              .endSubject()
              .build());
      for (String role : List.of(DefaultPolicy.VIEWER, DefaultPolicy.APPROVER)) {
        roleBindings.add(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withNamespace("ns-" + i)
                .withName("team-" + i + "-" + role)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .addNewSubject()
                .withKind("Group")
                .withName("team-" + i)
                .endSubject()
                .build());
      }
    }
    return RbacPolicy.of(roles, List.of(), clusterBindings, roleBindings);
  }
}
