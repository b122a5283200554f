package io.fleetflow.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The agent's command line.
 *
 * @param clusterNames the clusters this process serves: one, or many in fleet mode
 * @param source where the agent finds its cluster
 * @param kubeconfig the kubeconfig of the real cluster, when the source is {@link
 *     ClusterSource#KUBECONFIG}
 * @param stateDir where identities and simulated clusters' kubeconfigs are kept
 * @param temporalAddress the hub's Temporal frontend
 * @param namespace the Temporal namespace
 * @param claims claims a simulated cluster makes about itself, as ClusterClaim objects
 * @param management where the process serves its health and metrics
 * @param bootstrapKubeconfig the bootstrap kubeconfig naming the hub's front door, or null to reach
 *     Temporal straight at {@code temporalAddress}
 * @param payloadKeys the payload key ring, only when reaching Temporal straight, or null
 */
public record AgentOptions(
    List<String> clusterNames,
    ClusterSource source,
    Path kubeconfig,
    Path stateDir,
    String temporalAddress,
    String namespace,
    java.util.Map<String, String> claims,
    Management management,
    Path bootstrapKubeconfig,
    Path payloadKeys) {

  /** Where {@code ./fleetflow up} writes the bootstrap kubeconfig, in the state directory. */
  public static final String BOOTSTRAP_KUBECONFIG = "bootstrap-hub.kubeconfig";

  /**
   * The management endpoint: actuator health, liveness, readiness and Prometheus metrics.
   *
   * @param address the address to bind; loopback by default, so only the host may read it
   * @param port the port; 0 picks a free one (the log names it)
   * @param jsonLogs whether every log event is one JSON line
   */
  public record Management(String address, int port, boolean jsonLogs) {}

  /** Where an agent finds the API server of its cluster. */
  public enum ClusterSource {
    /** A kubeconfig file names the server and the agent's credentials. */
    KUBECONFIG,
    /**
     * The agent runs in a pod of its cluster: the server from {@code KUBERNETES_SERVICE_HOST} and
     * {@code KUBERNETES_SERVICE_PORT}, the credentials of the pod's ServiceAccount.
     */
    IN_CLUSTER,
    /** Simulated clusters, served by the agent-fleet jar, never by the agent's own. */
    SIMULATE
  }

  /** Whether the agent serves simulated clusters. */
  public boolean simulate() {
    return source == ClusterSource.SIMULATE;
  }

  public static final String USAGE =
      """
      usage: agent --cluster-name NAME (--kubeconfig FILE | --in-cluster | --simulate) [options]
             agent --fleet NAME,NAME,... | --fleet N  --simulate [options]
      options:
        --state-dir DIR          identities and kubeconfigs (default .fleetflow)
        --temporal-address H:P   the hub's Temporal (default $TEMPORAL_ADDRESS or 127.0.0.1:7233)
        --namespace NS           Temporal namespace (default $TEMPORAL_NAMESPACE or default)
        --claim NAME=VALUE       a claim of the simulated cluster(s); repeatable
        --management-port P      health and metrics port (default $FLEETFLOW_MANAGEMENT_PORT or
                                 0, a free port)
        --management-address A   its address (default $FLEETFLOW_MANAGEMENT_ADDRESS or 127.0.0.1)
        --log-json               one JSON line per log event (also $FLEETFLOW_LOG_JSON=true)
        --bootstrap-kubeconfig F the hub's front door and a bootstrap token (default
                                 STATE-DIR/bootstrap-hub.kubeconfig when it exists)
        --direct                 reach Temporal straight at --temporal-address instead (benchmarks,
                                 trusted single-machine setups); --payload-keys PATH then reads
                                 encrypted payloads
      """;

  /** Parses the command line; throws IllegalArgumentException with a usage hint when invalid. */
  public static AgentOptions parse(String[] args) {
    List<String> names = new ArrayList<>();
    List<ClusterSource> sources = new ArrayList<>();
    Path kubeconfig = null;
    Path stateDir = Path.of(".fleetflow");
    String address = envOr("TEMPORAL_ADDRESS", "127.0.0.1:7233");
    String namespace = envOr("TEMPORAL_NAMESPACE", "default");
    java.util.Map<String, String> claims = new java.util.TreeMap<>();
    String managementAddress = envOr("FLEETFLOW_MANAGEMENT_ADDRESS", "127.0.0.1");
    String managementPort = envOr("FLEETFLOW_MANAGEMENT_PORT", "0");
    boolean jsonLogs = Boolean.parseBoolean(envOr("FLEETFLOW_LOG_JSON", "false"));
    Path bootstrap = null;
    Path payloadKeys = null;
    boolean direct = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--cluster-name" -> names.add(value(args, ++i, arg));
        case "--fleet" -> names.addAll(fleet(value(args, ++i, arg)));
        case "--simulate" -> sources.add(ClusterSource.SIMULATE);
        case "--in-cluster" -> sources.add(ClusterSource.IN_CLUSTER);
        case "--kubeconfig" -> {
          kubeconfig = Path.of(value(args, ++i, arg));
          sources.add(ClusterSource.KUBECONFIG);
        }
        case "--state-dir" -> stateDir = Path.of(value(args, ++i, arg));
        case "--temporal-address" -> address = value(args, ++i, arg);
        case "--namespace" -> namespace = value(args, ++i, arg);
        case "--management-port" -> managementPort = value(args, ++i, arg);
        case "--management-address" -> managementAddress = value(args, ++i, arg);
        case "--log-json" -> jsonLogs = true;
        case "--bootstrap-kubeconfig" -> bootstrap = Path.of(value(args, ++i, arg));
        case "--direct" -> direct = true;
        case "--payload-keys" -> payloadKeys = Path.of(value(args, ++i, arg));
        case "--claim" -> {
          String claim = value(args, ++i, arg);
          int eq = claim.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                "--claim needs NAME=VALUE, got " + claim + "\n" + USAGE);
          }
          claims.put(claim.substring(0, eq), claim.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("name the cluster with --cluster-name NAME\n" + USAGE);
    }
    if (sources.size() != 1) {
      throw new IllegalArgumentException(
          "give exactly one of --kubeconfig FILE, --in-cluster and --simulate\n" + USAGE);
    }
    ClusterSource source = sources.get(0);
    boolean simulate = source == ClusterSource.SIMULATE;
    if (!simulate && names.size() > 1) {
      throw new IllegalArgumentException("fleet mode serves simulated clusters only\n" + USAGE);
    }
    if (!simulate && !claims.isEmpty()) {
      throw new IllegalArgumentException(
          "--claim is for simulated clusters; a real cluster's claims are its ClusterClaim objects\n"
              + USAGE);
    }
    if (direct && bootstrap != null) {
      throw new IllegalArgumentException(
          "give one of --direct and --bootstrap-kubeconfig FILE\n" + USAGE);
    }
    if (!direct
        && bootstrap == null
        && java.nio.file.Files.exists(stateDir.resolve(BOOTSTRAP_KUBECONFIG))) {
      bootstrap = stateDir.resolve(BOOTSTRAP_KUBECONFIG);
    }
    if (bootstrap != null && payloadKeys != null) {
      throw new IllegalArgumentException(
          "--payload-keys is for --direct only: through the front door an agent holds no payload"
              + " key\n"
              + USAGE);
    }
    return new AgentOptions(
        names,
        source,
        kubeconfig,
        stateDir,
        address,
        namespace,
        claims,
        new Management(managementAddress, port(managementPort), jsonLogs),
        bootstrap,
        payloadKeys);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below with the usage.
    }
    throw new IllegalArgumentException(
        "--management-port needs a port number (0..65535), got " + value + "\n" + USAGE);
  }

  private static List<String> fleet(String spec) {
    if (spec.matches("\\d+")) {
      return IntStream.rangeClosed(1, Integer.parseInt(spec)).mapToObj(i -> "cluster" + i).toList();
    }
    return List.of(spec.split(","));
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
