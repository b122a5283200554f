package io.fleetflow.frontdoor;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The front door's command line.
 *
 * @param host the address to listen on
 * @param port the port to listen on
 * @param tls the directory of the serving certificate and key ({@code tls.crt}, {@code tls.key})
 * @param signerCertificate the cluster signer's certificate, which agent certificates chain to
 * @param bootstrapTokens the file of bootstrap tokens a new agent may join with
 * @param payloadKeys the payload key ring (file or directory), or null to pass payloads as they are
 * @param taskTokenKey the file of the key that binds task tokens to clusters (made if missing)
 * @param temporalAddress Temporal's frontend
 * @param namespace the Temporal namespace of the hub
 * @param standingsRefresh how often every cluster's standing is listed
 */
public record FrontDoorOptions(
    String host,
    int port,
    Path tls,
    Path signerCertificate,
    Path bootstrapTokens,
    Path payloadKeys,
    Path taskTokenKey,
    String temporalAddress,
    String namespace,
    Duration standingsRefresh) {

  static final String USAGE =
      """
      usage: front-door [serve] --tls DIR --signer-cert FILE --bootstrap-tokens FILE [options]
             front-door init --dir DIR
      serve options:
        --listen HOST:PORT        where agents connect (default 127.0.0.1:7443)
        --tls DIR                 the serving certificate and key (tls.crt, tls.key)
        --signer-cert FILE        the cluster signer's certificate (agents' certificates chain to it)
        --bootstrap-tokens FILE   tokens (<id>.<secret>, one a line) that may only ask to join
        --payload-keys PATH       the payload key ring (file, or a Secret's directory)
        --task-token-key FILE     binds task tokens to clusters; shared by all front doors
                                  (default: task-token.key beside the bootstrap tokens; made if missing)
        --temporal-address H:P    Temporal's frontend (default $TEMPORAL_ADDRESS or 127.0.0.1:7233)
        --namespace NS            (default $TEMPORAL_NAMESPACE or default)
        --standings-refresh SECS  how often cluster standings are listed (default 2)
      init: makes what a local hub needs, unless present, under DIR: cluster-signer/, front-door/
        (serving certificate for 127.0.0.1 and localhost), payload-keys, bootstrap-tokens.
      """;

  /** Parses the serve command line; throws IllegalArgumentException with a usage hint. */
  public static FrontDoorOptions parse(String[] args) {
    String host = "127.0.0.1";
    int port = 7443;
    Path tls = null;
    Path signer = null;
    Path tokens = null;
    Path keys = null;
    Path taskKey = null;
    String address = envOr("TEMPORAL_ADDRESS", "127.0.0.1:7233");
    String namespace = envOr("TEMPORAL_NAMESPACE", "default");
    Duration refresh = Duration.ofSeconds(2);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--listen" -> {
          String listen = value(args, ++i, arg);
          int colon = listen.lastIndexOf(':');
          if (colon <= 0) {
            throw new IllegalArgumentException("--listen needs HOST:PORT, got " + listen);
          }
          host = listen.substring(0, colon);
          port = Integer.parseInt(listen.substring(colon + 1));
        }
        case "--tls" -> tls = Path.of(value(args, ++i, arg));
        case "--signer-cert" -> signer = Path.of(value(args, ++i, arg));
        case "--bootstrap-tokens" -> tokens = Path.of(value(args, ++i, arg));
        case "--payload-keys" -> keys = Path.of(value(args, ++i, arg));
        case "--task-token-key" -> taskKey = Path.of(value(args, ++i, arg));
        case "--temporal-address" -> address = value(args, ++i, arg);
        case "--namespace" -> namespace = value(args, ++i, arg);
        case "--standings-refresh" ->
            refresh = Duration.ofMillis((long) (Double.parseDouble(value(args, ++i, arg)) * 1000));
        default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    if (tls == null || signer == null || tokens == null) {
      throw new IllegalArgumentException(
          "--tls, --signer-cert and --bootstrap-tokens are required\n" + USAGE);
    }
    if (taskKey == null) {
      taskKey = tokens.toAbsolutePath().resolveSibling("task-token.key");
    }
    return new FrontDoorOptions(
        host, port, tls, signer, tokens, keys, taskKey, address, namespace, refresh);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
