package io.fleetflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetflow.e2e.support.Fleet;
import io.fleetflow.e2e.support.Kubectl;
import io.fleetflow.e2e.support.Placements;
import io.fleetflow.e2e.support.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two tenants of one hub through the real gateway, set up by the shipped recipe ({@code
 * deploy/tenancy/tenant.yaml}) and {@code kubectl create rolebinding}: team A (alice) owns set
 * {@code a} with cluster a1 and namespace team-a, team B (bob) set {@code b} with b1 and team-b.
 * Each binds only its own set, rolls out only onto its own clusters, approves only its own gates
 * and reads only its own rollouts and works; every refusal is a 403 that names the missing
 * permission; {@code kubectl auth can-i} answers for each; RBAC objects are checked as a Kubernetes
 * API server checks them (escalation, unknown roles, bad rules, an unchanging roleRef); a JWT of
 * the local issuer ({@code ./fleetflow token}) is its user with its groups, an expired or foreign
 * one a 401.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyE2ETest {
  private static final List<String> CLUSTERS = List.of("a1", "b1");
  private static final Duration ROLLOUT = Duration.ofSeconds(120);

  private static Fleet fleet;
  private static Kubectl admin;
  private static Kubectl alice;
  private static Kubectl bob;

  @BeforeAll
  static void startFleetWithTwoTenants() throws IOException {
    Assumptions.assumeTrue(Kubectl.available(), "kubectl drives the hub");
    fleet =
        Fleet.start("tenancy", Placements.AUTO_APPROVE_SIMULATED, CLUSTERS.toArray(String[]::new));
    admin = fleet.kubectl();
    alice = new Kubectl(fleet.kubeconfig("alice"));
    bob = new Kubectl(fleet.kubeconfig("bob"));
    Placements.awaitAvailable(admin, CLUSTERS, Duration.ofSeconds(120));
    String recipe = Files.readString(Fleet.REPO.resolve("deploy/tenancy/tenant.yaml"));
    for (String[] team :
        List.of(new String[] {"team-a", "a", "a1"}, new String[] {"team-b", "b", "b1"})) {
      admin.run(recipe.replace("TEAM", team[0]).replace("SET", team[1]), "apply", "-f", "-").ok();
      admin.ok(
          "label",
          "managedcluster",
          team[2],
          "cluster.open-cluster-management.io/clusterset=" + team[1],
          "--overwrite");
      admin.ok(
          "create",
          "rolebinding",
          team[0] + "-viewers",
          "-n",
          team[2],
          "--clusterrole=fleetflow:viewer",
          "--group=" + team[0]);
    }
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void eachTeamBindsOnlyItsOwnSet() {
    alice.run(binding("a", "team-a"), "apply", "-f", "-").ok();
    bob.run(binding("b", "team-b"), "apply", "-f", "-").ok();

    Kubectl.Result stolen = bob.run(binding("a", "team-b"), "apply", "-f", "-");

    assertThat(stolen.exitCode()).isNotZero();
    assertThat(stolen.output())
        .contains("Forbidden")
        .contains(
            "User \"bob\" cannot create resource \"managedclustersets/bind\" in API group"
                + " \"cluster.open-cluster-management.io\" at the cluster scope")
        .contains("\"a\"");
    assertThat(admin.run(null, "get", "managedclustersetbinding", "a", "-n", "team-b").exitCode())
        .isNotZero();
  }

  @Test
  @Order(2)
  void eachTeamRollsOutOnlyOntoItsOwnClustersAndApprovesOnlyItsOwnGates() {
    alice.run(placementAndGatedRollout("team-a"), "apply", "-f", "-").ok();
    await("team A's rollout waits at its gate")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                alice
                    .ok(
                        "get",
                        "mwrs",
                        "web",
                        "-n",
                        "team-a",
                        "-o",
                        "jsonpath={.status.rollout.phase}")
                    .equals("WaitingForApproval"));

    Kubectl.Result foreign = fleet.launcher("bob", "rollout", "approve", "web", "-n", "team-a");
    assertThat(foreign.exitCode()).isNotZero();
    assertThat(foreign.output())
        .contains("403")
        .contains(
            "User \"bob\" cannot create resource \"manifestworkreplicasets/approve\" in API group"
                + " \"work.open-cluster-management.io\" in the namespace \"team-a\"");

    fleet.launcher("alice", "rollout", "approve", "web", "-n", "team-a", "--comment", "ours").ok();
    await("team A's work lands on its own cluster")
        .atMost(ROLLOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> alice.ok("get", "manifestworks", "-n", "a1", "-o", "name").contains("web"));
    assertThat(admin.ok("get", "manifestworks", "-n", "b1", "-o", "name")).doesNotContain("web");
    assertThat(alice.ok("get", "placementdecisions", "-n", "team-a", "-o", "yaml"))
        .contains("clusterName: a1")
        .doesNotContain("clusterName: b1");
  }

  @Test
  @Order(3)
  void eachTeamSeesOnlyItsOwnRolloutsAndWorks() {
    Kubectl.Result rollouts = bob.run(null, "get", "mwrs", "-n", "team-a");
    assertThat(rollouts.exitCode()).isNotZero();
    assertThat(rollouts.output())
        .contains("User \"bob\" cannot list resource \"manifestworkreplicasets\"")
        .contains("in the namespace \"team-a\"");

    Kubectl.Result works = bob.run(null, "get", "manifestworks", "-n", "a1");
    assertThat(works.output()).contains("cannot list resource \"manifestworks\"");

    Kubectl.Result everywhere = alice.run(null, "get", "manifestworks", "-A");
    assertThat(everywhere.exitCode()).isNotZero();
    assertThat(everywhere.output()).contains("at the cluster scope");
    assertThat(alice.ok("get", "manifestworks", "-n", "a1")).contains("web");
  }

  @Test
  @Order(4)
  void kubectlAuthCanIAnswersForEachTenant() {
    assertThat(
            canI(
                alice,
                "create",
                "manifestworkreplicasets",
                "--subresource=approve",
                "-n",
                "team-a"))
        .isEqualTo("yes");
    assertThat(
            canI(bob, "create", "manifestworkreplicasets", "--subresource=approve", "-n", "team-a"))
        .startsWith("no");
    assertThat(canI(alice, "create", "managedclustersets/a", "--subresource=bind"))
        .isEqualTo("yes");
    assertThat(canI(alice, "create", "managedclustersets/b", "--subresource=bind"))
        .startsWith("no");
    assertThat(canI(bob, "list", "manifestworks", "-n", "b1")).isEqualTo("yes");
    assertThat(canI(bob, "list", "manifestworks", "-n", "a1")).startsWith("no");
    assertThat(alice.ok("auth", "can-i", "--list", "-n", "team-a"))
        .contains("manifestworkreplicasets.work.open-cluster-management.io");
  }

  /** The answer of {@code kubectl auth can-i}: its last line, after any warning. */
  private static String canI(Kubectl as, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("auth", "can-i"));
    command.addAll(List.of(args));
    String[] lines = as.run(null, command.toArray(String[]::new)).output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  @Test
  @Order(5)
  void rbacObjectsAreCheckedAsAKubernetesApiServerChecksThem() {
    admin.ok(
        "create",
        "role",
        "rbac-editor",
        "-n",
        "team-a",
        "--verb=create,get",
        "--resource=rolebindings");
    admin.ok(
        "create",
        "rolebinding",
        "team-a-rbac",
        "-n",
        "team-a",
        "--role=rbac-editor",
        "--group=team-a");

    Kubectl.Result escalation =
        alice.run(
            null,
            "create",
            "rolebinding",
            "mine",
            "-n",
            "team-a",
            "--clusterrole=cluster-admin",
            "--user=alice");
    assertThat(escalation.exitCode()).isNotZero();
    assertThat(escalation.output())
        .contains("is attempting to grant RBAC permissions not currently held");
    alice.ok(
        "create",
        "rolebinding",
        "carol-views",
        "-n",
        "team-a",
        "--clusterrole=fleetflow:viewer",
        "--user=carol");

    Kubectl.Result missing =
        alice.run(
            null,
            "create",
            "rolebinding",
            "ghost",
            "-n",
            "team-a",
            "--clusterrole=nope",
            "--user=carol");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output())
        .contains("clusterroles.rbac.authorization.k8s.io \"nope\" not found");
    Kubectl.Result dangling =
        admin.run(
            null,
            "create",
            "rolebinding",
            "ghost",
            "-n",
            "team-a",
            "--clusterrole=nope",
            "--user=carol");
    assertThat(dangling.ok()).contains("Warning: ClusterRole 'nope' does not exist");

    Kubectl.Result noVerbs =
        admin.run(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: broken, namespace: team-a}
            rules: [{apiGroups: [work.open-cluster-management.io], resources: [manifestworks]}]
            """,
            "apply",
            "-f",
            "-");
    assertThat(noVerbs.exitCode()).isNotZero();
    assertThat(noVerbs.output())
        .contains(
            "The Role \"broken\" is invalid: rules[0].verbs: verbs must contain at least one value");

    Kubectl.Result oddVerb =
        admin.run(
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: odd, namespace: team-a}
            rules: [{apiGroups: [work.open-cluster-management.io], resources: [manifestwerks], verbs: [aprove]}]
            """,
            "apply",
            "-f",
            "-");
    assertThat(oddVerb.ok())
        .contains("Warning: rules[0].verbs: 'aprove' is a verb no API here uses")
        .contains("'manifestwerks' is not a resource of work.open-cluster-management.io");

    Kubectl.Result rebind =
        admin.run(
            null,
            "patch",
            "rolebinding",
            "carol-views",
            "-n",
            "team-a",
            "--type=merge",
            "-p",
            "{\"roleRef\":{\"name\":\"cluster-admin\"}}");
    assertThat(rebind.exitCode()).isNotZero();
    assertThat(rebind.output()).contains("cannot change roleRef");
  }

  @Test
  @Order(6)
  void aJwtOfTheLocalIssuerCarriesItsUsersGroupsAndExpiredOrForeignOnesAreRefused()
      throws Exception {
    Kubectl aliceByJwt =
        new Kubectl(
            fleet.kubeconfigWithToken("alice-jwt", fleet.jwt("alice", "team-a", 600, null)));
    assertThat(aliceByJwt.ok("get", "mwrs", "-n", "team-a")).contains("web");
    Kubectl.Result elsewhere = aliceByJwt.run(null, "get", "mwrs", "-n", "team-b");
    assertThat(elsewhere.output())
        .contains("User \"alice\" cannot list resource \"manifestworkreplicasets\"");

    String rollouts =
        "/apis/work.open-cluster-management.io/v1alpha1/namespaces/team-a/manifestworkreplicasets";
    RawHttp.Response expired =
        fleet
            .rawGatewayWithToken(fleet.jwt("alice", "team-a", -120, null))
            .send(new RawHttp.Request("GET", rollouts));
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().path("message").asText()).contains("Jwt expired");

    java.nio.file.Path foreign = fleet.dir().resolve("foreign.key");
    Fleet.newSigningKey(foreign);
    RawHttp.Response forged =
        fleet
            .rawGatewayWithToken(fleet.jwt("admin", "fleetflow:admins", 600, foreign))
            .send(new RawHttp.Request("GET", rollouts));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.json().path("message").asText()).contains("Invalid signature");
  }

  private static String binding(String set, String namespace) {
    return """
        apiVersion: cluster.open-cluster-management.io/v1beta2
        kind: ManagedClusterSetBinding
        metadata: {name: %s, namespace: %s}
        spec: {clusterSet: %s}
        """
        .formatted(set, namespace, set);
  }

  private static String placementAndGatedRollout(String namespace) {
    return """
        apiVersion: cluster.open-cluster-management.io/v1beta1
        kind: Placement
        metadata: {name: all, namespace: %s}
        spec: {}
        ---
        apiVersion: work.open-cluster-management.io/v1alpha1
        kind: ManifestWorkReplicaSet
        metadata: {name: web, namespace: %s}
        spec:
          placementRefs:
            - name: all
              rolloutStrategy: {type: All}
          approvalGates: {beforeFirstStage: true}
          manifestWorkTemplate:
            workload:
              manifests:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: web, namespace: default}
                data: {team: %s}
        """
        .formatted(namespace, namespace, namespace);
  }
}
