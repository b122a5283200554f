package io.fleetflow.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetflow.cli.action.ActionCommands;
import io.fleetflow.cli.cluster.ClusterCommands;
import io.fleetflow.cli.rollout.RolloutCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * Fleetflow's command line: the commands a user runs against the hub. It runs as the kubectl plugin
 * {@code kubectl fleetflow} (the executable {@code kubectl-fleetflow} that the build writes to
 * {@code cli/target/bin}) and behind the launcher's {@code ./fleetflow accept|deny|rollout}.
 *
 * <p>Each verb group is one class, built with the {@link Invocation}: {@link RolloutCommands}
 * ({@code rollout ...}), whose {@code @Command} methods are its verbs, and {@link ClusterCommands}
 * ({@code accept}, {@code deny}), whose verbs sit at the top level. A new group ({@code action
 * approve NAME -n CLUSTER}, add-on commands) is one more class and one more line in {@link
 * #commandLine}. Connection options are a mixin ({@code ConnectionOptions}) on every verb;
 * rendering lives in pure view classes.
 */
@Command(
    name = "fleetflow",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = FleetflowCli.Version.class,
    description =
        "Fleetflow's commands against the hub, also the kubectl plugin 'kubectl fleetflow'.",
    footer = {
      "",
      "The connection is kubectl's: --kubeconfig, KUBECONFIG or ~/.kube/config, at --context or"
          + " the current context. FLEETFLOW_GATEWAY (with FLEETFLOW_TOKEN and FLEETFLOW_CACERT)"
          + " names a gateway instead; FLEETFLOW_NAMESPACE is the namespace when -n is not given."
    })
public final class FleetflowCli {
  private FleetflowCli() {}

  public static void main(String[] args) {
    System.exit(run(Invocation.ofProcess(), args));
  }

  /** Runs one command line and returns its exit code. */
  public static int run(Invocation invocation, String... args) {
    return commandLine(invocation).execute(args);
  }

  /** Builds the command tree for an invocation. */
  static CommandLine commandLine(Invocation invocation) {
    CommandLine root = new CommandLine(new FleetflowCli());
    root.setCommandName(invocation.name());
    for (Object verb : ClusterCommands.verbs(invocation)) {
      root.addSubcommand(new CommandLine(verb));
    }
    root.addSubcommand(new CommandLine(new RolloutCommands(invocation)));
    root.addSubcommand(new CommandLine(new ActionCommands(invocation)));
    root.setOut(invocation.out());
    root.setErr(invocation.err());
    root.setExecutionExceptionHandler(failures(invocation));
    root.setParameterExceptionHandler(usageErrors(invocation));
    return root;
  }

  /**
   * Failures a command throws: its own ({@link CommandFailure}) and the client's, printed as one
   * line on standard error with exit code 1, as kubectl reports errors.
   */
  private static IExecutionExceptionHandler failures(Invocation invocation) {
    return (failure, commandLine, parseResult) -> {
      if (failure instanceof CommandFailure) {
        invocation.error(failure.getMessage());
      } else if (failure instanceof KubernetesClientException client) {
        invocation.error(client.getMessage());
      } else if (failure instanceof InterruptedException) {
        invocation.error("interrupted");
      } else {
        throw failure;
      }
      return 1;
    };
  }

  /** A mistyped command line: what is wrong and where help is, as kubectl says it, exit code 1. */
  private static IParameterExceptionHandler usageErrors(Invocation invocation) {
    return (ParameterException problem, String[] args) -> {
      invocation.error(problem.getMessage());
      invocation
          .err()
          .println(
              "See '" + problem.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      invocation.err().flush();
      return 1;
    };
  }

  /** The version the build wrote into the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FleetflowCli.class.getPackage().getImplementationVersion();
      return new String[] {"fleetflow " + (version == null ? "(development build)" : version)};
    }
  }
}
