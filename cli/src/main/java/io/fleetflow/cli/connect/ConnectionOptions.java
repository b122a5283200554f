package io.fleetflow.cli.connect;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to the hub shares, named as kubectl names them, so that
 * {@code kubectl fleetflow ... -n apps --context hub} reads like any kubectl command. A command
 * mixes them in with {@code @Mixin}.
 */
public final class ConnectionOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig file to use (default: KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "The kubeconfig context to use (default: its current context).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "The namespace (default: FLEETFLOW_NAMESPACE, else the context's, else \"default\").")
  String namespace;

  @Option(
      names = {"-s", "--server"},
      paramLabel = "URL",
      description = "The hub's API server (default: FLEETFLOW_GATEWAY, else the kubeconfig's).")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "The bearer token (default: FLEETFLOW_TOKEN, else the kubeconfig user's).")
  String token;

  @Option(
      names = "--certificate-authority",
      paramLabel = "FILE",
      description =
          "A CA certificate file to trust (default: FLEETFLOW_CACERT, else the kubeconfig's).")
  Path certificateAuthority;

  /** Options as a test or another command sets them, without parsing a command line. */
  public static ConnectionOptions of(
      Path kubeconfig,
      String context,
      String namespace,
      String server,
      String token,
      Path certificateAuthority) {
    ConnectionOptions options = new ConnectionOptions();
    options.kubeconfig = kubeconfig;
    options.context = context;
    options.namespace = namespace;
    options.server = server;
    options.token = token;
    options.certificateAuthority = certificateAuthority;
    return options;
  }
}
