package io.fleetflow.observability;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

/**
 * The Temporal SDK's metrics scope reporting into a Micrometer registry, for processes that build
 * their Temporal client by hand (the agent). The hub and the gateway get the same from the Temporal
 * Spring Boot starter, which does this when a registry exists.
 */
public final class TemporalMetrics {
  private TemporalMetrics() {}

  /** A scope that reports the SDK's metrics (polls, task latencies, requests) to the registry. */
  public static Scope scope(MeterRegistry registry) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(Duration.ofSeconds(10));
  }
}
