package io.fleetflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fleetflow.simulator.SimulatedCluster;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's probe of its own API server, as OCM's agent probes it. */
class ApiServerProbeTest {
  @TempDir Path stateDir;

  @Nested
  class AgainstASimulatedCluster {
    @Test
    void aServingApiServerIsHealthy() {
      try (SimulatedCluster cluster = SimulatedCluster.start("probed")) {
        ApiServerProbe probe = new ApiServerProbe(cluster.client());

        assertThat(probe.check()).isEqualTo(new ApiServerProbe.Result(true, null));
        assertThat(probe.check()).isEqualTo(new ApiServerProbe.Result(true, null));
      }
    }

    @Test
    void aClosedProbeLeavesTheAgentsClientWorking() {
      try (SimulatedCluster cluster = SimulatedCluster.start("closed")) {
        ApiServerProbe probe = new ApiServerProbe(cluster.client());
        assertThat(probe.check().healthy()).isTrue();

        probe.close();

        assertThat(cluster.client().raw("/healthz")).isEqualTo("ok");
      }
    }

    @Test
    void aFirstFailureOfAStoppedApiServerIsNotYetASustainedOne() throws Exception {
      KubernetesClient client;
      try (SimulatedCluster cluster = SimulatedCluster.start("stopping")) {
        client = clientWithoutRetries(cluster.writeKubeconfig(stateDir));
        assertThat(new ApiServerProbe(client).check().healthy()).isTrue();
      }
      try (client) {
        ApiServerProbe probe = new ApiServerProbe(client);

        ApiServerProbe.Result result = probe.check();

        assertThat(result.healthy()).as("one failure is not sustained").isTrue();
        assertThat(result.message()).isNotBlank().startsWith("/healthz failed");
      }
    }

    @Test
    void aProbeOfAnUnreachableApiServerAnswersWithinTheSustainedFailureWindow() throws Exception {
      Path kubeconfig;
      try (SimulatedCluster cluster = SimulatedCluster.start("gone")) {
        kubeconfig = cluster.writeKubeconfig(stateDir);
      }
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build()) {
        long start = System.nanoTime();

        new ApiServerProbe(client).check();

        assertThat(System.nanoTime() - start)
            .isLessThan(ApiServerProbe.SUSTAINED_FAILURE.toNanos());
      }
    }
  }

  @Nested
  class AgainstAnApiServerThatAnswersBadly {
    private KubernetesMockServer server;
    private KubernetesClient client;
    private ApiServerProbe probe;

    @BeforeEach
    void start() {
      server = new KubernetesMockServer(false);
      server.init();
      client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(Config.empty())
                      .withMasterUrl(server.url("/"))
                      .withRequestRetryBackoffLimit(0)
                      .build())
              .build();
      probe = new ApiServerProbe(client);
    }

    @AfterEach
    void stop() {
      client.close();
      server.destroy();
    }

    @Test
    void livezFailingButHealthzOkIsHealthy() {
      server.expect().get().withPath("/livez").andReturn(500, "[-]etcd failed").always();
      server.expect().get().withPath("/healthz").andReturn(200, "ok").always();

      assertThat(probe.check()).isEqualTo(new ApiServerProbe.Result(true, null));
    }

    @Test
    void anAnswerOtherThanOkIsAFailure() {
      server.expect().get().withPath("/livez").andReturn(200, "not ok").always();
      server.expect().get().withPath("/healthz").andReturn(200, "not ok").always();

      ApiServerProbe.Result result = probe.check();

      assertThat(result.healthy()).as("not sustained yet").isTrue();
      assertThat(result.message()).isEqualTo("/healthz answered not ok");
    }

    @Test
    void aFailureThatLastsLongerThanTheWindowMakesTheApiServerUnhealthy() throws Exception {
      server.expect().get().withPath("/livez").andReturn(500, "down").always();
      server.expect().get().withPath("/healthz").andReturn(500, "down").always();
      assertThat(probe.check().healthy()).isTrue();

      // Pretend the first failure was seen longer ago than the window, rather than wait 20 s.
      backdateFirstFailure(ApiServerProbe.SUSTAINED_FAILURE.toMillis() + 1_000);
      ApiServerProbe.Result result = probe.check();

      assertThat(result.healthy()).isFalse();
      assertThat(result.message()).startsWith("/healthz failed");
    }

    @Test
    void aSuccessEndsTheFailure() throws Exception {
      server.expect().get().withPath("/livez").andReturn(500, "down").times(2);
      server.expect().get().withPath("/healthz").andReturn(500, "down").times(2);
      server.expect().get().withPath("/livez").andReturn(200, "ok").once();
      server.expect().get().withPath("/livez").andReturn(500, "down").always();
      server.expect().get().withPath("/healthz").andReturn(500, "down").always();
      assertThat(probe.check().healthy()).isTrue();
      backdateFirstFailure(ApiServerProbe.SUSTAINED_FAILURE.toMillis() + 1_000);
      assertThat(probe.check().healthy()).isFalse();

      assertThat(probe.check()).isEqualTo(new ApiServerProbe.Result(true, null));
      // A new failure after the recovery starts a new window.
      assertThat(probe.check().healthy()).isTrue();
    }

    private void backdateFirstFailure(long millis) throws ReflectiveOperationException {
      Field since = ApiServerProbe.class.getDeclaredField("failingSinceMillis");
      since.setAccessible(true);
      since.setLong(probe, System.currentTimeMillis() - millis);
    }
  }

  private static KubernetesClient clientWithoutRetries(Path kubeconfig) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
