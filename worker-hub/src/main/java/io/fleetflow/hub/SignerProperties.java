package io.fleetflow.hub;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's cluster signer, under {@code fleetflow.signer}: where its certificate and key are (a
 * directory with {@code tls.crt} and {@code tls.key}, as a Kubernetes TLS Secret mounts), and how
 * long the client certificates it issues to agents are valid.
 */
@ConfigurationProperties("fleetflow.signer")
public class SignerProperties {
  private String dir = "";
  private Duration certificateLifetime = Duration.ofHours(24);

  public String getDir() {
    return dir;
  }

  public void setDir(String dir) {
    this.dir = dir;
  }

  public Duration getCertificateLifetime() {
    return certificateLifetime;
  }

  public void setCertificateLifetime(Duration certificateLifetime) {
    this.certificateLifetime = certificateLifetime;
  }
}
