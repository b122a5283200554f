package io.fleetflow.model.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.model.meta.Roles;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default ClusterRoles keep the four roles Fleetflow had before RBAC: viewers read, operators
 * change but do not decide, approvers decide, admins do everything; none but admins touch RBAC.
 */
class DefaultPolicyTest {
  private static final String CLUSTER = "cluster.open-cluster-management.io";
  private static final String WORK = "work.open-cluster-management.io";
  private static final Access GET_CLUSTER =
      Access.resource("get", CLUSTER, "managedclusters", "", "", "c1");
  private static final Access PATCH_CLUSTER = GET_CLUSTER.withVerb("patch");
  private static final Access ACCEPT =
      Access.resource(
          "update", "register.open-cluster-management.io", "managedclusters", "accept", "", "c1");
  private static final Access APPROVE =
      Access.resource("create", WORK, "manifestworkreplicasets", "approve", "apps", "web");
  private static final Access PAUSE =
      Access.resource("create", WORK, "manifestworkreplicasets", "pause", "apps", "web");
  private static final Access JOIN =
      Access.resource("create", CLUSTER, "managedclustersets", "join", "", "a");
  private static final Access BIND_ROLE =
      Access.resource("create", "rbac.authorization.k8s.io", "rolebindings", "", "apps", "x");
  private static final Access ENCODE = Access.path("post", DefaultPolicy.CODEC_ENCODE);
  private static final Access DECODE = Access.path("post", DefaultPolicy.CODEC_DECODE);

  static Stream<Arguments> roles() {
    List<Access> all =
        List.of(
            GET_CLUSTER, PATCH_CLUSTER, ACCEPT, APPROVE, PAUSE, JOIN, BIND_ROLE, ENCODE, DECODE);
    return Stream.of(
        Arguments.of(Roles.VIEWERS, all, List.of(GET_CLUSTER, DECODE)),
        Arguments.of(
            Roles.OPERATORS, all, List.of(GET_CLUSTER, PATCH_CLUSTER, PAUSE, JOIN, ENCODE, DECODE)),
        Arguments.of(Roles.APPROVERS, all, List.of(GET_CLUSTER, ACCEPT, APPROVE, DECODE)),
        Arguments.of(Roles.ADMINS, all, all),
        Arguments.of(DefaultPolicy.MASTERS, all, all),
        Arguments.of("someone-else", all, List.of()));
  }

  @ParameterizedTest(name = "{0} may do exactly {2}")
  @MethodSource("roles")
  void eachGroupMayDoWhatItsRoleAllowedBefore(
      String group, List<Access> all, List<Access> allowed) {
    for (Access access : all) {
      assertThat(DefaultPolicy.policy().allows("u", List.of(group), access))
          .as(group + " " + access.key())
          .isEqualTo(allowed.contains(access));
    }
  }

  @ParameterizedTest(name = "{0} is granted by {1}")
  @MethodSource("granting")
  void aRefusalNamesTheNarrowestRoleThatGrantsTheAccess(Access access, String role) {
    assertThat(DefaultPolicy.roleGranting(access)).isEqualTo(role);
  }

  static Stream<Arguments> granting() {
    return Stream.of(
        Arguments.of(GET_CLUSTER, DefaultPolicy.VIEWER),
        Arguments.of(PATCH_CLUSTER, DefaultPolicy.OPERATOR),
        Arguments.of(ACCEPT, DefaultPolicy.APPROVER),
        Arguments.of(BIND_ROLE, DefaultPolicy.CLUSTER_ADMIN));
  }
}
