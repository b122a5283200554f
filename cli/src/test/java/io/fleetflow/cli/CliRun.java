package io.fleetflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * Runs the command line in the test's JVM, as a user at a terminal would run it, with an
 * environment of the test's own, and keeps what it printed.
 *
 * @param exitCode the exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
public record CliRun(int exitCode, String out, String err) {
  /** Runs {@code ./fleetflow ARGS} with these environment variables. */
  public static CliRun run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FleetflowCli.run(
            new Invocation(
                "./fleetflow", environment, new PrintWriter(out, true), new PrintWriter(err, true)),
            args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The environment of a launcher run against the fake gateway with a token. */
  public static Map<String, String> against(FakeGateway gateway) {
    return Map.of("FLEETFLOW_GATEWAY", gateway.url(), "FLEETFLOW_TOKEN", "approver-token");
  }
}
