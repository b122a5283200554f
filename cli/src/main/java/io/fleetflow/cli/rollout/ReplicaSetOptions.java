package io.fleetflow.cli.rollout;

import io.fleetflow.cli.connect.ConnectionOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every {@code rollout} verb takes: the ManifestWorkReplicaSet's name and the connection
 * options ({@code -n} among them).
 */
public final class ReplicaSetOptions {
  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description =
          "The ManifestWorkReplicaSet, or clustermanagementaddon/NAME for an add-on's rollouts.")
  String name;

  @Mixin ConnectionOptions connection;

  /** The {@code --comment} of the controls, which the rollout's history keeps. */
  public static final class Comment {
    @Option(names = "--comment", paramLabel = "TEXT", description = "Kept in the history.")
    String text;
  }
}
