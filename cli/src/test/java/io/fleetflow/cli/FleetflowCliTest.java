package io.fleetflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command tree as a user meets it: help, names, and mistakes on the command line. */
class FleetflowCliTest {

  @Test
  void helpListsTheVerbsUnderTheNameTheUserRuns() {
    CliRun run = CliRun.run(Map.of(), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Usage: ./fleetflow [-hV] [COMMAND]")
        .contains("  accept ")
        .contains("  deny ")
        .contains("  rollout ")
        .contains("FLEETFLOW_GATEWAY");
  }

  @Test
  void everyVerbHasHelpAndTheConnectionOptions() {
    for (String[] verb :
        new String[][] {
          {"accept"},
          {"deny"},
          {"rollout", "status"},
          {"rollout", "history"},
          {"rollout", "approve"},
          {"rollout", "pause"},
          {"rollout", "resume"},
          {"rollout", "abort"},
          {"rollout", "undo"}
        }) {
      String[] args = java.util.Arrays.copyOf(verb, verb.length + 1);
      args[verb.length] = "--help";
      CliRun run = CliRun.run(Map.of(), args);
      assertThat(run.exitCode()).as(String.join(" ", verb)).isZero();
      assertThat(run.out())
          .as(String.join(" ", verb))
          .startsWith("Usage: ./fleetflow " + String.join(" ", verb))
          .contains("--kubeconfig=FILE")
          .contains("--context=NAME")
          .contains("-n, --namespace=NS");
    }
  }

  @Test
  void aMissingSubcommandOrAnUnknownOneIsAUsageErrorWithExitCodeOne() {
    CliRun none = CliRun.run(Map.of(), "rollout");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err())
        .isEqualTo("fleetflow: Missing required subcommand\nSee './fleetflow rollout --help'.\n");

    CliRun unknown = CliRun.run(Map.of(), "rollout", "restart", "web");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("fleetflow: Unmatched arguments from index 1: 'restart'");
  }
}
