package io.fleetflow.cli.action;

import static io.fleetflow.cli.FakeGateway.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.cli.CliRun;
import io.fleetflow.cli.FakeGateway;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code action approve} and {@code approve-set} against a fake gateway. */
class ActionCommandsTest {
  private static final String ACTION =
      "/apis/action.open-cluster-management.io/v1beta1/namespaces/east/managedclusteractions/restart";
  private static final String SET =
      "/apis/fleetflow.io/v1alpha1/namespaces/ops/managedclusteractionsets/release";

  @RegisterExtension final FakeGateway gateway = FakeGateway.start();

  @Test
  void approveSendsTheCommentToTheActionOfTheClusterGiven() {
    ManagedClusterAction approved = new ManagedClusterAction();
    approved.setMetadata(new ObjectMetaBuilder().withName("restart").withNamespace("east").build());
    gateway.on("POST", ACTION + "/approve", 200, approved);

    CliRun run = action("approve", "restart", "-n", "east", "--comment", "change 42");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo("managedclusteraction/restart approved; it runs on cluster east\n");
    assertThat(onlyBody(ACTION + "/approve")).isEqualTo("{\"comment\":\"change 42\"}");
  }

  @Test
  void aRefusedApprovalSaysWhyAndExitsWithOne() {
    gateway.on(
        "POST",
        ACTION + "/approve",
        403,
        status(
            403,
            "Forbidden",
            "user \"olga\" may not approve managedclusteractions (groups fleetflow:approvers or"
                + " fleetflow:admins)"));

    CliRun run = action("approve", "restart", "-n", "east");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "fleetflow: managedclusteraction/restart: approve refused: HTTP 403: user \"olga\" may"
                + " not approve managedclusteractions (groups fleetflow:approvers or"
                + " fleetflow:admins)\n");
  }

  @Test
  void approveSetLetsTheWaitingStageOfTheSetStart() {
    ManagedClusterActionSet set = new ManagedClusterActionSet();
    set.setMetadata(new ObjectMetaBuilder().withName("release").withNamespace("ops").build());
    gateway.on("POST", SET + "/approve", 200, set);

    CliRun run = action("approve-set", "release", "-n", "ops");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("managedclusteractionset/release: the waiting stage starts\n");
    assertThat(onlyBody(SET + "/approve")).isEqualTo("{}");
  }

  private CliRun action(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "action";
    System.arraycopy(args, 0, command, 1, args.length);
    return CliRun.run(CliRun.against(gateway), command);
  }

  private String onlyBody(String path) {
    List<FakeGateway.Request> sent = gateway.requests("POST", path);
    assertThat(sent).hasSize(1);
    return sent.get(0).body();
  }
}
