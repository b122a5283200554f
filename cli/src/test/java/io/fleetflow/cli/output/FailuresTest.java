package io.fleetflow.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private static final String SERVER = "https://127.0.0.1:8080";

  @Test
  void aRefusalShowsTheHttpCodeAndTheGatewaysMessage() {
    KubernetesClientException refused =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(409)
                .withReason("Conflict")
                .withMessage("no approval gate is waiting\n")
                .build());
    assertThat(Failures.describe(refused, SERVER))
        .isEqualTo("HTTP 409: no approval gate is waiting");
  }

  @Test
  void anAnswerWithoutAStatusMessageShowsWhatTheClientSays() {
    KubernetesClientException bare = new KubernetesClientException("Bad Gateway", 502, null);
    assertThat(Failures.describe(bare, SERVER)).isEqualTo("HTTP 502: Bad Gateway");
  }

  @Test
  void anUnreachableHubIsNamedWithTheCauseBelowTheClientsWrappers() {
    KubernetesClientException refused =
        new KubernetesClientException(
            "the request failed", new ExecutionException(new ConnectException()));
    assertThat(Failures.describe(refused, SERVER))
        .isEqualTo(
            "cannot reach the hub at https://127.0.0.1:8080 (ConnectException: connection"
                + " refused)");

    KubernetesClientException unknown =
        new KubernetesClientException("failed", new UnknownHostException("hub.example"));
    assertThat(Failures.describe(unknown, SERVER))
        .isEqualTo(
            "cannot reach the hub at https://127.0.0.1:8080 (UnknownHostException: hub.example)");
  }
}
