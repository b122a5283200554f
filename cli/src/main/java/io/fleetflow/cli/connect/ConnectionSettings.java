package io.fleetflow.cli.connect;

import io.fabric8.kubernetes.client.Config;
import io.fleetflow.cli.CommandFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves where a command connects, the way kubectl does, with Fleetflow's environment variables
 * on top.
 *
 * <ol>
 *   <li>The base is the kubeconfig: {@code --kubeconfig}, else {@code KUBECONFIG}, else {@code
 *       ~/.kube/config} (fabric8's {@link Config}), at {@code --context} or its current context.
 *   <li>{@value #GATEWAY}, when set and neither {@code --kubeconfig} nor {@code --context} is
 *       given, replaces the kubeconfig entirely: the kubeconfig's credentials are never sent to
 *       another server.
 *   <li>{@value #TOKEN} and {@value #CACERT} replace the base's token and trusted CA.
 *   <li>Flags ({@code --server}, {@code --token}, {@code --certificate-authority}) win over all.
 *   <li>The namespace is {@code -n}, else {@value #NAMESPACE}, else the context's, else {@code
 *       default}.
 * </ol>
 */
public final class ConnectionSettings {
  /** The gateway's URL, such as {@code https://127.0.0.1:8080}. */
  public static final String GATEWAY = "FLEETFLOW_GATEWAY";

  /** The bearer token to send. */
  public static final String TOKEN = "FLEETFLOW_TOKEN";

  /** A PEM file with the CA certificate (or the self-signed certificate) the gateway presents. */
  public static final String CACERT = "FLEETFLOW_CACERT";

  /** The namespace when {@code -n} is not given. */
  public static final String NAMESPACE = "FLEETFLOW_NAMESPACE";

  /**
   * A change waits for its workflow's Update, which a busy hub may take seconds to answer; a minute
   * is generous without hanging on a lost connection.
   */
  static final int REQUEST_TIMEOUT_MILLIS = 60_000;

  private ConnectionSettings() {}

  /**
   * Resolves the connection from the options given and the process's environment.
   *
   * @throws CommandFailure when a file named cannot be read
   */
  public static Connection resolve(ConnectionOptions options, Map<String, String> environment) {
    String gateway = value(environment, GATEWAY);
    Config config;
    if (gateway != null && options.kubeconfig == null && options.context == null) {
      config = Config.empty();
      config.setMasterUrl(gateway);
    } else if (options.kubeconfig != null) {
      config = Config.fromKubeconfig(options.context, readable(options.kubeconfig, "kubeconfig"));
    } else {
      config = Config.autoConfigure(options.context);
    }
    String token = first(options.token, value(environment, TOKEN));
    if (token != null) {
      config.setOauthToken(token);
    }
    Path ca =
        options.certificateAuthority != null
            ? options.certificateAuthority
            : pathOrNull(value(environment, CACERT));
    if (ca != null) {
      config.setCaCertFile(readable(ca, "CA certificate").getPath());
      config.setCaCertData(null);
    }
    if (options.server != null) {
      config.setMasterUrl(options.server);
    }
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    // kubectl answers at once when the server cannot be reached; so does the CLI.
    config.setRequestRetryBackoffLimit(0);
    String namespace =
        first(
            options.namespace,
            first(value(environment, NAMESPACE), first(config.getNamespace(), "default")));
    return new Connection(config, namespace);
  }

  private static java.io.File readable(Path path, String what) {
    if (!Files.isReadable(path)) {
      throw new CommandFailure("cannot read the " + what + " " + path);
    }
    return path.toFile();
  }

  private static String value(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Path pathOrNull(String value) {
    return value == null ? null : Path.of(value);
  }

  private static String first(String preferred, String fallback) {
    return preferred != null ? preferred : fallback;
  }
}
