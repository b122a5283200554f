package io.fleetflow.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every Fleetflow process the same operational surface before it starts: actuator's health
 * (with liveness and readiness groups) and Prometheus endpoints, nothing else exposed, and JSON
 * logs when {@code fleetflow.log.json} (or {@code FLEETFLOW_LOG_JSON}) is true.
 *
 * <p>The defaults go last, so a process's own application.yaml and its command line override them.
 * JSON logs use Spring Boot's structured logging (the Elastic Common Schema format), which writes
 * the MDC's entries (the Temporal SDK's {@code WorkflowId}, Fleetflow's {@code cluster}) as fields.
 * This runs before the logging system starts, so the first line is already JSON.
 */
public final class OperationsDefaults implements EnvironmentPostProcessor {
  /** The property that turns on one JSON line per log event. */
  public static final String JSON_LOGS = "fleetflow.log.json";

  /** The structured format that JSON logs use. */
  public static final String JSON_FORMAT = "ecs";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("management.endpoints.web.exposure.include", "health,prometheus");
    defaults.put("management.endpoint.health.probes.enabled", "true");
    defaults.put("management.endpoint.health.show-details", "never");
    defaults.put("management.prometheus.metrics.export.enabled", "true");
    defaults.put("management.metrics.tags.application", "${spring.application.name:fleetflow}");
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("fleetflow-operations", defaults));
    if (environment.getProperty(JSON_LOGS, Boolean.class, false)) {
      // First, so that a JSON request wins over any format a configuration file names.
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "fleetflow-json-logs",
                  Map.of(
                      "logging.structured.format.console", JSON_FORMAT,
                      "logging.structured.format.file", JSON_FORMAT)));
    }
  }
}
