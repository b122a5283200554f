package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.model.work.ManifestWorkSpec.Executor;
import io.fleetflow.model.work.ManifestWorkSpec.ServiceAccountRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives the client a work is applied with: the agent's own, or, when the work names an executor,
 * one that impersonates the executor's ServiceAccount ({@code
 * system:serviceaccount:<namespace>:<name>}), so the cluster's RBAC decides what the work may
 * write. The agent first checks that the ServiceAccount exists; OCM's agent asks the cluster with
 * SubjectAccessReviews instead, which simulated clusters do not serve.
 */
public final class ExecutorClients implements AutoCloseable {
  /** Why a work cannot be applied as its executor. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private final KubernetesClient agentClient;
  private final Map<String, KubernetesClient> impersonating = new ConcurrentHashMap<>();

  public ExecutorClients(KubernetesClient agentClient) {
    this.agentClient = agentClient;
  }

  /** The user name Kubernetes gives a ServiceAccount. */
  static String userName(ServiceAccountRef account) {
    return "system:serviceaccount:" + account.namespace() + ":" + account.name();
  }

  /**
   * Returns the client to apply with.
   *
   * @throws Refused when the executor's ServiceAccount does not exist on the cluster
   */
  public KubernetesClient clientFor(Executor executor) throws Refused {
    if (executor == null
        || executor.subject() == null
        || executor.subject().serviceAccount() == null) {
      return agentClient;
    }
    ServiceAccountRef account = executor.subject().serviceAccount();
    ServiceAccount found =
        agentClient
            .serviceAccounts()
            .inNamespace(account.namespace())
            .withName(account.name())
            .get();
    if (found == null) {
      throw new Refused(
          "the executor ServiceAccount "
              + account.namespace()
              + "/"
              + account.name()
              + " does not exist on the cluster: create it (with the RBAC the work needs) or"
              + " remove spec.executor");
    }
    return impersonating.computeIfAbsent(
        userName(account),
        user ->
            KubeClients.derive(
                agentClient,
                config ->
                    config
                        .withImpersonateUsername(user)
                        .withImpersonateGroups(
                            "system:serviceaccounts",
                            "system:serviceaccounts:" + account.namespace())));
  }

  @Override
  public void close() {
    impersonating.values().forEach(KubernetesClient::close);
  }
}
