package io.fleetflow.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** An in-cluster agent keeps its identity in a Secret, so a new pod re-joins as the same agent. */
@EnableKubernetesMockClient(crud = true)
class SecretIdentityTest {
  KubernetesClient client;

  @Test
  void theFirstStartCreatesTheSecretAndEveryLaterStartReadsIt() {
    AgentIdentity first = SecretIdentity.loadOrCreate(client, "fleetflow-agent");
    AgentIdentity again = SecretIdentity.loadOrCreate(client, "fleetflow-agent");

    assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).startsWith("sha256:");
    assertThat(again.keyPair().getPrivate()).isEqualTo(first.keyPair().getPrivate());
    assertThat(
            client
                .secrets()
                .inNamespace("fleetflow-agent")
                .withName(SecretIdentity.SECRET_NAME)
                .get()
                .getData())
        .containsOnlyKeys("identity.key", "identity.pub");
  }

  @Test
  void aSecretWithoutTheKeysIsRefusedWithWhatToDo() {
    client
        .secrets()
        .inNamespace("fleetflow-agent")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SecretIdentity.SECRET_NAME)
                .endMetadata()
                .addToData("other", "eA==")
                .build())
        .create();

    assertThatThrownBy(() -> SecretIdentity.loadOrCreate(client, "fleetflow-agent"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fleetflow-agent/fleetflow-agent-identity")
        .hasMessageContaining("delete it to start anew");
  }
}
