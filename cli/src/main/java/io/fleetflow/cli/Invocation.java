package io.fleetflow.cli;

import io.fleetflow.cli.connect.Connection;
import io.fleetflow.cli.connect.ConnectionOptions;
import io.fleetflow.cli.connect.ConnectionSettings;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * One run of the command line: how the user called it, the environment it reads its defaults from,
 * and where it writes. Commands take everything from here rather than from {@link System}, so that
 * tests run them with an environment and output of their own.
 *
 * @param name how the user runs the CLI ({@code kubectl fleetflow}, {@code ./fleetflow}), for usage
 *     and hints
 * @param environment the environment variables
 * @param out standard output
 * @param err standard error
 */
public record Invocation(
    String name, Map<String, String> environment, PrintWriter out, PrintWriter err) {
  /** Set by whoever starts the CLI under another name, such as the {@code ./fleetflow} launcher. */
  public static final String NAME_VARIABLE = "FLEETFLOW_CLI_NAME";

  /** The name when run as a kubectl plugin, or as {@code kubectl-fleetflow} directly. */
  public static final String PLUGIN_NAME = "kubectl fleetflow";

  /** This process's invocation. */
  public static Invocation ofProcess() {
    Map<String, String> environment = System.getenv();
    Charset charset =
        System.console() != null ? System.console().charset() : Charset.defaultCharset();
    return new Invocation(
        environment.getOrDefault(NAME_VARIABLE, PLUGIN_NAME),
        environment,
        new PrintWriter(new OutputStreamWriter(System.out, charset), true),
        new PrintWriter(new OutputStreamWriter(System.err, charset), true));
  }

  /** Resolves where to connect from the command's options and this environment. */
  public Connection connection(ConnectionOptions options) {
    return ConnectionSettings.resolve(options, environment);
  }

  /** Prints a line on standard output. */
  public void print(String text) {
    out.print(text);
    out.flush();
  }

  /** Reports an error on standard error, prefixed as every Fleetflow error is. */
  public void error(String message) {
    err.println("fleetflow: " + message);
    err.flush();
  }
}
