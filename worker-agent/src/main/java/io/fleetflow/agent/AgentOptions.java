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
 */
public record AgentOptions(
    List<String> clusterNames,
    ClusterSource source,
    Path kubeconfig,
    Path stateDir,
    String temporalAddress,
    String namespace,
    java.util.Map<String, String> claims) {

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
    return new AgentOptions(names, source, kubeconfig, stateDir, address, namespace, claims);
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
