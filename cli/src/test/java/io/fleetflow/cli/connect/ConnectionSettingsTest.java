package io.fleetflow.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fleetflow.cli.CommandFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a command connects: kubectl's rules first, Fleetflow's environment variables on top, flags
 * over everything.
 */
class ConnectionSettingsTest {
  @TempDir Path dir;
  private Path kubeconfig;
  private Path ca;

  @BeforeEach
  void writeFiles() throws IOException {
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: hub
          cluster: {server: "https://hub.example:6443", certificate-authority-data: Zm9v}
        - name: staging
          cluster: {server: "https://staging.example:6443"}
        users:
        - name: admin
          user: {token: kube-token}
        - name: tester
          user: {token: staging-token}
        contexts:
        - name: hub
          context: {cluster: hub, user: admin, namespace: team}
        - name: staging
          context: {cluster: staging, user: tester}
        current-context: hub
        """);
    ca = dir.resolve("gateway.crt");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void theKubeconfigsCurrentContextGivesServerTokenAndNamespace() {
    Connection connection = resolve(options(kubeconfig, null, null), Map.of());
    assertThat(connection.server()).isEqualTo("https://hub.example:6443");
    assertThat(token(connection)).isEqualTo("kube-token");
    assertThat(connection.config().getCaCertData()).isEqualTo("Zm9v");
    assertThat(connection.namespace()).isEqualTo("team");
  }

  @Test
  void aContextNamedOnTheCommandLineIsUsedAndItsMissingNamespaceIsDefault() {
    Connection connection = resolve(options(kubeconfig, "staging", null), Map.of());
    assertThat(connection.server()).isEqualTo("https://staging.example:6443");
    assertThat(token(connection)).isEqualTo("staging-token");
    assertThat(connection.namespace()).isEqualTo("default");
  }

  @Test
  void fleetflowGatewayReplacesTheKubeconfigSoItsCredentialsGoNowhereElse() {
    Connection connection =
        resolve(
            ConnectionOptions.of(null, null, null, null, null, null),
            Map.of("FLEETFLOW_GATEWAY", "https://127.0.0.1:9443/"));
    assertThat(connection.server()).isEqualTo("https://127.0.0.1:9443");
    assertThat(token(connection)).isNull();
    assertThat(connection.namespace()).isEqualTo("default");
  }

  @Test
  void theLaunchersVariablesGiveGatewayTokenCertificateAndNamespace() {
    Connection connection =
        resolve(
            ConnectionOptions.of(null, null, null, null, null, null),
            Map.of(
                "FLEETFLOW_GATEWAY", "https://127.0.0.1:9443",
                "FLEETFLOW_TOKEN", "admin-token",
                "FLEETFLOW_CACERT", ca.toString(),
                "FLEETFLOW_NAMESPACE", "apps"));
    assertThat(connection.server()).isEqualTo("https://127.0.0.1:9443");
    assertThat(token(connection)).isEqualTo("admin-token");
    assertThat(connection.config().getCaCertFile()).isEqualTo(ca.toString());
    assertThat(connection.namespace()).isEqualTo("apps");
  }

  @Test
  void anExplicitKubeconfigWinsOverFleetflowGatewayButFleetflowTokenStillReplacesItsToken() {
    Connection connection =
        resolve(
            options(kubeconfig, null, null),
            Map.of("FLEETFLOW_GATEWAY", "https://elsewhere:1", "FLEETFLOW_TOKEN", "approver"));
    assertThat(connection.server()).isEqualTo("https://hub.example:6443");
    assertThat(token(connection)).isEqualTo("approver");
  }

  @Test
  void theNamespaceIsTheFlagThenFleetflowNamespaceThenTheContexts() {
    Map<String, String> environment = Map.of("FLEETFLOW_NAMESPACE", "from-env");
    assertThat(resolve(options(kubeconfig, null, "from-flag"), environment).namespace())
        .isEqualTo("from-flag");
    assertThat(resolve(options(kubeconfig, null, null), environment).namespace())
        .isEqualTo("from-env");
    assertThat(resolve(options(kubeconfig, null, null), Map.of()).namespace()).isEqualTo("team");
  }

  @Test
  void flagsWinOverEverything() {
    Map<String, String> environment = new HashMap<>();
    environment.put("FLEETFLOW_GATEWAY", "https://from-env:1");
    environment.put("FLEETFLOW_TOKEN", "env-token");
    Connection connection =
        resolve(
            ConnectionOptions.of(null, null, null, "https://from-flag:2", "flag-token", ca),
            environment);
    assertThat(connection.server()).isEqualTo("https://from-flag:2");
    assertThat(token(connection)).isEqualTo("flag-token");
    assertThat(connection.config().getCaCertFile()).isEqualTo(ca.toString());
  }

  @Test
  void aCertificateGivenReplacesTheKubeconfigsCertificateData() {
    Connection connection =
        resolve(ConnectionOptions.of(kubeconfig, null, null, null, null, ca), Map.of());
    assertThat(connection.config().getCaCertData()).isNull();
    assertThat(connection.config().getCaCertFile()).isEqualTo(ca.toString());
  }

  @Test
  void blankVariablesCountAsUnset() {
    Connection connection =
        resolve(
            options(kubeconfig, null, null),
            Map.of("FLEETFLOW_TOKEN", " ", "FLEETFLOW_NAMESPACE", ""));
    assertThat(token(connection)).isEqualTo("kube-token");
    assertThat(connection.namespace()).isEqualTo("team");
  }

  @Test
  void aCommandAnswersAtOnceAndWaitsAMinuteForABusyHub() {
    Config config = resolve(options(kubeconfig, null, null), Map.of()).config();
    assertThat(config.getRequestRetryBackoffLimit()).isZero();
    assertThat(config.getRequestTimeout()).isEqualTo(60_000);
  }

  @Test
  void filesThatCannotBeReadAreNamed() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> resolve(options(missing, null, null), Map.of()))
        .isInstanceOf(CommandFailure.class)
        .hasMessage("cannot read the kubeconfig " + missing);
    assertThatThrownBy(
            () ->
                resolve(
                    ConnectionOptions.of(null, null, null, null, null, null),
                    Map.of("FLEETFLOW_GATEWAY", "https://x:1", "FLEETFLOW_CACERT", "/no/such.crt")))
        .isInstanceOf(CommandFailure.class)
        .hasMessage("cannot read the CA certificate /no/such.crt");
  }

  /** The token a request carries: one set explicitly, else the kubeconfig user's. */
  private static String token(Connection connection) {
    Config config = connection.config();
    return config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken();
  }

  private static ConnectionOptions options(Path kubeconfig, String context, String namespace) {
    return ConnectionOptions.of(kubeconfig, context, namespace, null, null, null);
  }

  private static Connection resolve(ConnectionOptions options, Map<String, String> environment) {
    return ConnectionSettings.resolve(options, environment);
  }
}
