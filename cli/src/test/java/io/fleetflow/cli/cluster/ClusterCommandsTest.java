package io.fleetflow.cli.cluster;

import static io.fleetflow.cli.FakeGateway.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.cli.CliRun;
import io.fleetflow.cli.FakeGateway;
import io.fleetflow.model.cluster.ManagedCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code accept} and {@code deny} against a fake gateway: what they send and what they say. */
class ClusterCommandsTest {
  private static final String CLUSTERS =
      "/apis/cluster.open-cluster-management.io/v1/managedclusters/";

  @RegisterExtension final FakeGateway gateway = FakeGateway.start();

  @Test
  void acceptSendsAMergePatchWithTheReasonAndTheToken() {
    gateway.on("PATCH", CLUSTERS + "cluster1", 200, cluster("cluster1"));

    CliRun run =
        CliRun.run(
            CliRun.against(gateway), "accept", "cluster1", "--reason", "first cluster of the tour");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("managedcluster/cluster1 accepted\n");
    FakeGateway.Request patch = gateway.requests("PATCH", CLUSTERS + "cluster1").get(0);
    assertThat(patch.header("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(patch.body()).isEqualTo("{\"spec\":{\"hubAcceptsClient\":true}}");
    assertThat(patch.header("X-Fleetflow-Reason")).isEqualTo("first cluster of the tour");
    assertThat(patch.header("Authorization")).isEqualTo("Bearer approver-token");
  }

  @Test
  void denySetsHubAcceptsClientFalseAndSendsNoReasonWhenNoneIsGiven() {
    gateway.on("PATCH", CLUSTERS + "cluster2", 200, cluster("cluster2"));

    CliRun run = CliRun.run(CliRun.against(gateway), "deny", "cluster2");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("managedcluster/cluster2 denied\n");
    FakeGateway.Request patch = gateway.requests("PATCH", CLUSTERS + "cluster2").get(0);
    assertThat(patch.body()).isEqualTo("{\"spec\":{\"hubAcceptsClient\":false}}");
    assertThat(patch.header("X-Fleetflow-Reason")).isNull();
  }

  @Test
  void eachNameIsDecidedOnItsOwnAndAnyRefusalMakesTheExitCodeOne() {
    gateway.on("PATCH", CLUSTERS + "a", 200, cluster("a"));
    gateway.on(
        "PATCH",
        CLUSTERS + "b",
        403,
        status(403, "Forbidden", "user \"operator\" may not accept or deny clusters"));
    gateway.on("PATCH", CLUSTERS + "c", 200, cluster("c"));

    CliRun run = CliRun.run(CliRun.against(gateway), "accept", "a", "b", "c");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("managedcluster/a accepted\nmanagedcluster/c accepted\n");
    assertThat(run.err())
        .isEqualTo(
            "fleetflow: managedcluster/b: HTTP 403: user \"operator\" may not accept or deny"
                + " clusters\n");
  }

  @Test
  void anInvalidNameNeverReachesTheGateway() {
    gateway.on("PATCH", CLUSTERS + "good", 200, cluster("good"));

    CliRun run = CliRun.run(CliRun.against(gateway), "accept", "Bad_Name", "good");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("fleetflow: Bad_Name: not a valid managed cluster name\n");
    assertThat(run.out()).isEqualTo("managedcluster/good accepted\n");
    assertThat(gateway.requests()).hasSize(1);
  }

  @Test
  void aReasonOfMoreThanOneLineIsRefusedBeforeAnythingIsSent() {
    CliRun run = CliRun.run(CliRun.against(gateway), "deny", "x", "--reason", "one\ntwo");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("fleetflow: --reason must be a single line\n");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void aGatewayThatIsNotThereIsNamed() {
    String url = gateway.url();
    gateway.close();

    CliRun run =
        CliRun.run(Map.of("FLEETFLOW_GATEWAY", url, "FLEETFLOW_TOKEN", "t"), "accept", "x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("fleetflow: managedcluster/x: cannot reach the hub at " + url + " (");
  }

  @Test
  void aNameIsRequired() {
    CliRun run = CliRun.run(CliRun.against(gateway), "accept");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "fleetflow: Missing required parameter: 'NAME'\nSee './fleetflow accept --help'.\n");
  }

  private static ManagedCluster cluster(String name) {
    ManagedCluster cluster = new ManagedCluster();
    cluster.getMetadata().setName(name);
    return cluster;
  }
}
