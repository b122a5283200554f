package io.fleetflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's command line. */
class AgentOptionsTest {
  @Test
  void oneSimulatedCluster() {
    AgentOptions options = parse("--cluster-name c1 --simulate");

    assertThat(options.clusterNames()).containsExactly("c1");
    assertThat(options.simulate()).isTrue();
    assertThat(options.kubeconfig()).isNull();
    assertThat(options.stateDir()).isEqualTo(Path.of(".fleetflow"));
  }

  @Test
  void aFleetOfCountedClusters() {
    AgentOptions options = parse("--fleet 3 --simulate");

    assertThat(options.clusterNames()).containsExactly("cluster1", "cluster2", "cluster3");
    assertThat(options.simulate()).isTrue();
  }

  @Test
  void aFleetOfNamedClusters() {
    AgentOptions options = parse("--simulate --fleet a,b");

    assertThat(options.clusterNames()).containsExactly("a", "b");
  }

  @Test
  void aRealClusterFromItsKubeconfig() {
    AgentOptions options = parse("--cluster-name prod --kubeconfig f");

    assertThat(options.clusterNames()).containsExactly("prod");
    assertThat(options.simulate()).isFalse();
    assertThat(options.kubeconfig()).isEqualTo(Path.of("f"));
  }

  @Test
  void aRealClusterFromInside() {
    AgentOptions options = parse("--cluster-name prod --in-cluster");

    assertThat(options.source()).isEqualTo(AgentOptions.ClusterSource.IN_CLUSTER);
    assertThat(options.kubeconfig()).isNull();
  }

  @Test
  void theHubAndStateDirectoryCanBeChosen() {
    AgentOptions options =
        parse(
            "--cluster-name c1 --simulate --state-dir /var/lib/agent"
                + " --temporal-address hub:7233 --namespace fleet");

    assertThat(options.stateDir()).isEqualTo(Path.of("/var/lib/agent"));
    assertThat(options.temporalAddress()).isEqualTo("hub:7233");
    assertThat(options.namespace()).isEqualTo("fleet");
  }

  @Test
  void theHubDefaultsToTheEnvironmentOrLocalhost() {
    AgentOptions options = parse("--cluster-name c1 --simulate");

    assertThat(options.temporalAddress()).isEqualTo(envOr("TEMPORAL_ADDRESS", "127.0.0.1:7233"));
    assertThat(options.namespace()).isEqualTo(envOr("TEMPORAL_NAMESPACE", "default"));
  }

  static List<String[]> invalidCommandLines() {
    return List.of(
        new String[] {"no cluster name", "--simulate", "name the cluster"},
        new String[] {"an empty command line", "", "name the cluster"},
        new String[] {
          "both --simulate and --kubeconfig",
          "--cluster-name c1 --simulate --kubeconfig f",
          "exactly one of --kubeconfig FILE, --in-cluster and --simulate"
        },
        new String[] {
          "neither --simulate nor --kubeconfig",
          "--cluster-name c1",
          "exactly one of --kubeconfig FILE, --in-cluster and --simulate"
        },
        new String[] {
          "both --in-cluster and --kubeconfig",
          "--cluster-name c1 --in-cluster --kubeconfig f",
          "exactly one of --kubeconfig FILE, --in-cluster and --simulate"
        },
        new String[] {
          "a fleet of real clusters", "--fleet 2 --kubeconfig f", "simulated clusters only"
        },
        new String[] {
          "an unknown flag", "--cluster-name c1 --simulate --verbose", "unknown argument --verbose"
        },
        new String[] {"a flag without its value", "--simulate --cluster-name", "needs a value"},
        new String[] {
          "a kubeconfig flag without its value", "--cluster-name c1 --kubeconfig", "needs a value"
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCommandLines")
  void anInvalidCommandLineIsRejectedWithTheUsage(String scenario, String args, String why) {
    assertThatThrownBy(() -> parse(args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why)
        .hasMessageContaining(AgentOptions.USAGE)
        .hasMessageContaining("usage: agent --cluster-name NAME");
  }

  @Test
  void aFlagIsNotTakenAsTheValueOfAnother() {
    assertThatThrownBy(() -> parse("--cluster-name --simulate --kubeconfig f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cluster-name needs a value");
  }

  private static AgentOptions parse(String commandLine) {
    String[] args = commandLine.isBlank() ? new String[0] : commandLine.trim().split("\\s+");
    return AgentOptions.parse(args);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
