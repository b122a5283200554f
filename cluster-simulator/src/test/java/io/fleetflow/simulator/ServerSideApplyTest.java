package io.fleetflow.simulator;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Server-side apply on a simulated cluster, held to the cases a real API server passes. */
class ServerSideApplyTest extends ServerSideApplyContract {
  private SimulatedCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = SimulatedCluster.start("ssa");
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Override
  protected KubernetesClient client() {
    return cluster.client();
  }

  @Override
  protected String namespace() {
    return "default";
  }

  @Override
  protected boolean listsMergeByKey() {
    return false;
  }
}
