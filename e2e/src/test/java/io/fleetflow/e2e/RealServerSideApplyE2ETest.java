package io.fleetflow.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.e2e.support.RealCluster;
import io.fleetflow.e2e.support.RealClusters;
import io.fleetflow.simulator.ServerSideApplyContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * The server-side apply cases the simulator is held to, run against a real kube-apiserver: what
 * passes here is what the simulator must do.
 */
class RealServerSideApplyE2ETest extends ServerSideApplyContract {
  private static final String NAMESPACE = "ssa-contract-" + ProcessHandle.current().pid();
  private static RealCluster cluster;

  @BeforeAll
  static void createTheNamespace() {
    cluster = RealClusters.named("east");
    cluster
        .admin()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  @Override
  protected KubernetesClient client() {
    return cluster.admin();
  }

  @Override
  protected String namespace() {
    return NAMESPACE;
  }

  @Override
  protected boolean listsMergeByKey() {
    return true;
  }
}
