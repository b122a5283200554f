package io.fleetflow.gateway.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The gateway's health and metrics on its own port, as a kube-apiserver serves them: {@code /livez}
 * and {@code /readyz} (and the older {@code /healthz}) answer {@code ok} or a 500/503 with the
 * failed check, from Spring Boot's availability states; {@code /metrics} is the Prometheus text of
 * every meter (HTTP requests, JVM, the Temporal SDK's client metrics).
 *
 * <p>Who may use them: the health endpoints are open, as Kubernetes' are to probes; {@code
 * /metrics} needs a valid bearer token, any role (the auth filter answers 401 without one), as a
 * kube-apiserver's needs an authenticated caller.
 */
@RestController
public class HealthController {
  static final MediaType PROMETHEUS_TEXT =
      MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

  private final ApplicationAvailability availability;
  private final PrometheusMeterRegistry registry;

  public HealthController(ApplicationAvailability availability, PrometheusMeterRegistry registry) {
    this.availability = availability;
    this.registry = registry;
  }

  @GetMapping("/livez")
  public ResponseEntity<String> livez() {
    return availability.getLivenessState() == LivenessState.CORRECT
        ? ok()
        : ResponseEntity.status(500).contentType(MediaType.TEXT_PLAIN).body("[-]ping failed\n");
  }

  @GetMapping({"/readyz", "/healthz"})
  public ResponseEntity<String> readyz() {
    return availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
        ? ok()
        : ResponseEntity.status(503)
            .contentType(MediaType.TEXT_PLAIN)
            .body("[-]readiness failed: not accepting traffic\n");
  }

  @GetMapping("/metrics")
  public ResponseEntity<String> metrics() {
    return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
  }

  private static ResponseEntity<String> ok() {
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok");
  }
}
