package io.fleetflow.cli.rollout;

import static io.fleetflow.cli.FakeGateway.event;
import static io.fleetflow.cli.FakeGateway.status;
import static io.fleetflow.cli.rollout.RolloutFixtures.phase;
import static io.fleetflow.cli.rollout.RolloutFixtures.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetflow.cli.CliRun;
import io.fleetflow.cli.FakeGateway;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every {@code rollout} verb against a fake gateway: the request it sends, what it prints, and how
 * it reports the gateway's refusals.
 */
class RolloutCommandsTest {
  private static final String SETS =
      "/apis/work.open-cluster-management.io/v1alpha1/namespaces/apps/manifestworkreplicasets";
  private static final String GATED = SETS + "/gated";
  private static final String CLEAR = "\033[H\033[2J";

  @RegisterExtension final FakeGateway gateway = FakeGateway.start();

  @Test
  void statusPrintsTheScreenOfTheReplicaSetInTheNamespaceGiven() {
    ManifestWorkReplicaSet set = replicaSet("gated", "5", 3, 6, RolloutFixtures.waitingForBatch2());
    gateway.on("GET", GATED, 200, set);

    CliRun run = rollout("status", "gated", "-n", "apps");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(RolloutStatusView.render(set, "./fleetflow"));
    assertThat(run.err()).isEmpty();
  }

  @Test
  void theNamespaceComesFromFleetflowNamespaceWhenNoneIsGiven() {
    gateway.on("GET", GATED, 200, replicaSet("gated", "5", 0, 0, null));
    Map<String, String> environment = new HashMap<>(CliRun.against(gateway));
    environment.put("FLEETFLOW_NAMESPACE", "apps");

    CliRun run = CliRun.run(environment, "rollout", "status", "gated");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("apps/gated  revision 0  Pending\n");
  }

  @Test
  void anUnknownReplicaSetIsTheGatewaysNotFound() {
    CliRun run = rollout("status", "nothing", "-n", "apps");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("fleetflow: apps/nothing: HTTP 404: the fake has no " + SETS + "/nothing\n");
  }

  @Test
  void historyPrintsRevisionsApprovalsAndEvents() {
    gateway.on("GET", GATED + "/history", 200, RolloutFixtures.history());

    CliRun run = rollout("history", "gated", "-n", "apps");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(RolloutHistoryView.render(RolloutFixtures.history()));
  }

  @Test
  void anAddOnsRolloutIsSteeredByTypeAndName() throws Exception {
    String addOn = "/apis/addon.open-cluster-management.io/v1alpha1/clustermanagementaddons/probe";
    io.fleetflow.model.addon.ClusterManagementAddOn after =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readValue(
                """
                apiVersion: addon.open-cluster-management.io/v1alpha1
                kind: ClusterManagementAddOn
                metadata: {name: probe}
                status:
                  installProgressions:
                  - namespace: ops
                    name: all
                    conditions:
                    - {type: Progressing, status: "True", reason: Progressing, message: 1/3 clusters have revision 2}
                """,
                io.fleetflow.model.addon.ClusterManagementAddOn.class);
    gateway.on("POST", addOn + "/abort", 200, after);

    CliRun run = rollout("abort", "clustermanagementaddon/probe", "--rollback");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "clustermanagementaddon/probe: abort done\n"
                + "clustermanagementaddon/probe\n"
                + "  placement ops/all: Progressing - 1/3 clusters have revision 2\n");
    assertThat(onlyBody("POST", addOn + "/abort")).isEqualTo("{\"rollback\":true}");
    assertThat(rollout("history", "cma/probe").err()).contains("history is kept for replica sets");
  }

  @Test
  void approveSendsTheCommentAndShowsTheRolloutAfterIt() {
    ManifestWorkReplicaSet after = replicaSet("gated", "6", 3, 6, phase("Progressing"));
    gateway.on("POST", GATED + "/approve", 200, after);

    CliRun run = rollout("approve", "gated", "-n", "apps", "--comment", "canary looks good");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "manifestworkreplicaset/gated: approve done\n"
                + RolloutStatusView.render(after, "./fleetflow"));
    assertThat(onlyBody("POST", GATED + "/approve"))
        .isEqualTo("{\"comment\":\"canary looks good\"}");
  }

  @Test
  void aRefusedControlSaysWhichAndWhyAndExitsWithOne() {
    gateway.on(
        "POST",
        GATED + "/approve",
        409,
        status(409, "Conflict", "no approval gate is waiting in apps/gated"));

    CliRun run = rollout("approve", "gated", "-n", "apps");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "fleetflow: apps/gated: approve refused: HTTP 409: no approval gate is waiting in"
                + " apps/gated\n");
    assertThat(onlyBody("POST", GATED + "/approve")).isEqualTo("{}");
  }

  @Test
  void pauseAndResumeSendTheirCommentOnly() {
    gateway.on("POST", GATED + "/pause", 200, replicaSet("gated", "7", 3, 6, phase("Paused")));
    gateway.on(
        "POST", GATED + "/resume", 200, replicaSet("gated", "8", 3, 6, phase("Progressing")));

    assertThat(rollout("pause", "gated", "-n", "apps", "--comment", "hold on").out())
        .startsWith("manifestworkreplicaset/gated: pause done\napps/gated  revision 1  Paused\n");
    assertThat(rollout("resume", "gated", "-n", "apps").out())
        .startsWith("manifestworkreplicaset/gated: resume done\n");

    assertThat(onlyBody("POST", GATED + "/pause")).isEqualTo("{\"comment\":\"hold on\"}");
    assertThat(onlyBody("POST", GATED + "/resume")).isEqualTo("{}");
  }

  @Test
  void abortSendsRollbackOnlyWhenAskedTo() {
    gateway.on("POST", GATED + "/abort", 200, replicaSet("gated", "9", 0, 6, phase("RollingBack")));

    assertThat(rollout("abort", "gated", "-n", "apps", "--rollback").exitCode()).isZero();
    assertThat(rollout("abort", "gated", "-n", "apps").exitCode()).isZero();

    assertThat(gateway.requests("POST", GATED + "/abort"))
        .extracting(FakeGateway.Request::body)
        .containsExactly("{\"rollback\":true}", "{}");
  }

  @Test
  void undoSendsTheRevisionAndRefusesOneBelowOne() {
    gateway.on("POST", GATED + "/undo", 200, replicaSet("gated", "10", 0, 6, phase("Progressing")));

    assertThat(rollout("undo", "gated", "-n", "apps", "--to-revision", "2").exitCode()).isZero();
    assertThat(onlyBody("POST", GATED + "/undo")).isEqualTo("{\"toRevision\":2}");

    CliRun zero = rollout("undo", "gated", "-n", "apps", "--to-revision", "0");
    assertThat(zero.exitCode()).isEqualTo(1);
    assertThat(zero.err()).isEqualTo("fleetflow: --to-revision must be 1 or more, not 0\n");

    CliRun word = rollout("undo", "gated", "-n", "apps", "--to-revision", "two");
    assertThat(word.exitCode()).isEqualTo(1);
    assertThat(word.err())
        .startsWith("fleetflow: Invalid value for option '--to-revision': 'two' is not a long");
    assertThat(gateway.requests("POST", GATED + "/undo")).hasSize(1);
  }

  @Test
  void invalidNamesAndNamespacesNeverReachTheGateway() {
    CliRun name = rollout("status", "Not/A/Name", "-n", "apps");
    assertThat(name.exitCode()).isEqualTo(1);
    assertThat(name.err()).startsWith("fleetflow: name: \"Not/A/Name\" is not a valid name");

    CliRun namespace = rollout("approve", "gated", "-n", "Apps");
    assertThat(namespace.exitCode()).isEqualTo(1);
    assertThat(namespace.err()).startsWith("fleetflow: namespace: \"Apps\" is not a valid name");

    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void optionsOfOneVerbAreRefusedOnAnother() {
    CliRun run = rollout("approve", "gated", "-n", "apps", "--rollback");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "fleetflow: Unknown option: '--rollback'\n"
                + "See './fleetflow rollout approve --help'.\n");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  @Timeout(30)
  void statusWatchFollowsTheGatewaysWatchUntilTheRolloutIsDone() {
    ManifestWorkReplicaSet waiting =
        replicaSet("gated", "5", 3, 6, RolloutFixtures.waitingForBatch2());
    ManifestWorkReplicaSet progressing = replicaSet("gated", "6", 4, 6, phase("Progressing"));
    ManifestWorkReplicaSet succeeded = replicaSet("gated", "7", 6, 6, phase("Succeeded"));
    ManifestWorkReplicaSet later = replicaSet("gated", "8", 6, 6, phase("Progressing"));
    gateway.on("GET", GATED, 200, waiting);
    gateway.onWatch(
        SETS,
        List.of(
            // The watch starts with the object as it is: the version already shown.
            event("ADDED", waiting),
            event("MODIFIED", progressing),
            event("MODIFIED", succeeded),
            event("MODIFIED", later)));

    CliRun run = rollout("status", "gated", "-n", "apps", "--watch");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            CLEAR
                + RolloutStatusView.render(waiting, "./fleetflow")
                + CLEAR
                + RolloutStatusView.render(progressing, "./fleetflow")
                + CLEAR
                + RolloutStatusView.render(succeeded, "./fleetflow"));
    FakeGateway.Request watch =
        gateway.requests("GET", SETS).stream()
            .filter(r -> !"websocket".equalsIgnoreCase(r.header("Upgrade")))
            .findFirst()
            .orElseThrow();
    assertThat(watch.query())
        .contains("watch=true")
        .contains("fieldSelector=metadata.name%3Dgated")
        .contains("resourceVersion=5");
  }

  @Test
  @Timeout(30)
  void aWatchOfARolloutThatIsAlreadyDoneEndsAtOnce() {
    gateway.on("GET", GATED, 200, replicaSet("gated", "7", 6, 6, phase("Succeeded")));

    CliRun run = rollout("status", "gated", "-n", "apps", "-w");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("apps/gated  revision 1  Succeeded");
    assertThat(gateway.requests()).hasSize(1);
  }

  @Test
  @Timeout(30)
  void aReplicaSetDeletedDuringAWatchEndsItWithExitCodeOne() {
    ManifestWorkReplicaSet progressing = replicaSet("gated", "6", 4, 6, phase("Progressing"));
    gateway.on("GET", GATED, 200, progressing);
    gateway.onWatch(SETS, List.of(event("DELETED", progressing)));

    CliRun run = rollout("status", "gated", "-n", "apps", "--watch");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("fleetflow: apps/gated: deleted while being watched\n");
  }

  private CliRun rollout(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "rollout";
    System.arraycopy(args, 0, command, 1, args.length);
    return CliRun.run(CliRun.against(gateway), command);
  }

  private String onlyBody(String method, String path) {
    List<FakeGateway.Request> sent = gateway.requests(method, path);
    assertThat(sent).hasSize(1);
    return sent.get(0).body();
  }
}
