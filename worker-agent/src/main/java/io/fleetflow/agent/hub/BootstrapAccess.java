package io.fleetflow.agent.hub;

import io.fabric8.kubernetes.client.Config;
import io.fleetflow.model.certificates.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * What an agent starts with, as OCM's klusterlet does: a bootstrap kubeconfig naming the hub's
 * front door ({@code server: https://host:port}), the certificate that front door serves ({@code
 * certificate-authority-data}), and a bootstrap token ({@code token}) that may only ask to join.
 *
 * @param target the front door's {@code host:port}
 * @param frontDoorCertificate the certificate the agent trusts for the front door
 * @param token the bootstrap token
 */
public record BootstrapAccess(String target, X509Certificate frontDoorCertificate, String token) {
  /** Reads a bootstrap kubeconfig. */
  public static BootstrapAccess read(Path kubeconfig) {
    Config config;
    try {
      config = Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bootstrap kubeconfig " + kubeconfig, e);
    }
    URI server = URI.create(config.getMasterUrl());
    if (!"https".equals(server.getScheme()) || server.getPort() < 0) {
      throw new IllegalArgumentException(
          kubeconfig + ": the server must be the front door's https://host:port, not " + server);
    }
    String ca = config.getCaCertData();
    if (ca == null || ca.isBlank()) {
      throw new IllegalArgumentException(
          kubeconfig + ": certificate-authority-data must hold the front door's certificate");
    }
    String token = config.getAutoOAuthToken();
    if (token == null || token.isBlank()) {
      token = config.getOauthToken();
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(kubeconfig + ": the user must have a bootstrap token");
    }
    X509Certificate certificate =
        Pem.certificate(new String(Base64.getDecoder().decode(ca), StandardCharsets.UTF_8));
    return new BootstrapAccess(server.getHost() + ":" + server.getPort(), certificate, token);
  }
}
