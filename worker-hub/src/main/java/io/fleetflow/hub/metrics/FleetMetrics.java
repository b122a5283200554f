package io.fleetflow.hub.metrics;

import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.RolloutKinds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The fleet's gauges, computed on the hub from Temporal's visibility: one count query per {@link
 * FleetGauge} on an interval ({@code fleetflow.metrics.refresh-interval}, default 15 s), cached
 * between refreshes so that a scrape costs no query. The oldest waiting gate's age needs the gates'
 * opening times: it reads the rollouts in {@code WaitingForApproval} (at most {@value
 * #MAX_GATES_READ}, the oldest of them by listing order), only when some wait.
 */
public class FleetMetrics {
  private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);

  /** How old the oldest waiting gate is, in seconds (0 when none waits). */
  public static final String GATE_OLDEST_WAIT = "fleetflow.rollout.gate.oldest.wait";

  /** Refreshes whose visibility queries failed; the gauges keep their last values meanwhile. */
  public static final String REFRESH_FAILURES = "fleetflow.fleet.metrics.refresh.failures";

  /** Seconds since the gauges were last refreshed successfully. */
  public static final String STALENESS = "fleetflow.fleet.metrics.staleness";

  static final int MAX_GATES_READ = 50;

  private final EntityClient entities;
  private final Clock clock;
  private final Map<FleetGauge, AtomicLong> values = new LinkedHashMap<>();
  private final AtomicLong oldestGateWaitSeconds = new AtomicLong();
  private final Counter failures;
  private volatile Instant lastRefresh;

  public FleetMetrics(EntityClient entities, MeterRegistry registry, Clock clock) {
    this.entities = entities;
    this.clock = clock;
    this.lastRefresh = clock.instant();
    for (FleetGauge gauge : FleetGauge.all()) {
      AtomicLong value = new AtomicLong();
      values.put(gauge, value);
      Gauge.Builder<AtomicLong> builder = Gauge.builder(gauge.metric(), value, AtomicLong::get);
      if (gauge.phase() != null) {
        builder.tag("phase", gauge.phase());
      }
      builder.register(registry);
    }
    Gauge.builder(GATE_OLDEST_WAIT, oldestGateWaitSeconds, AtomicLong::get)
        .baseUnit("seconds")
        .description("how long the oldest rollout gate has waited for approval")
        .register(registry);
    Gauge.builder(
            STALENESS,
            this,
            m -> Duration.between(m.lastRefresh, m.clock.instant()).toMillis() / 1000.0)
        .baseUnit("seconds")
        .description("seconds since the fleet gauges were last refreshed from visibility")
        .register(registry);
    failures = Counter.builder(REFRESH_FAILURES).register(registry);
  }

  /** Runs every count query once and stores the results for the next scrapes. */
  @Scheduled(
      initialDelayString = "${fleetflow.metrics.initial-delay:1s}",
      fixedDelayString = "${fleetflow.metrics.refresh-interval:15s}")
  public void refresh() {
    try {
      for (Map.Entry<FleetGauge, AtomicLong> entry : values.entrySet()) {
        entry.getValue().set(entities.count(entry.getKey().query()));
      }
      oldestGateWaitSeconds.set(oldestGateWait());
      lastRefresh = clock.instant();
    } catch (RuntimeException e) {
      failures.increment();
      log.warn("cannot refresh the fleet metrics from visibility: {}", e.toString());
    }
  }

  private long oldestGateWait() {
    long waiting =
        values.entrySet().stream()
            .filter(e -> e.getKey().metric().equals(FleetGauge.GATES_WAITING))
            .mapToLong(e -> e.getValue().get())
            .sum();
    if (waiting == 0) {
      return 0;
    }
    Visibility query =
        Visibility.of(RolloutKinds.MANIFEST_WORK_REPLICA_SET)
            .inPhase(FleetGauge.WAITING_FOR_APPROVAL);
    List<String> ids = entities.ids(query);
    Instant now = clock.instant();
    return ids.stream()
        .limit(MAX_GATES_READ)
        .map(id -> entities.entity(RolloutKinds.MANIFEST_WORK_REPLICA_SET, id).find())
        .flatMap(Optional::stream)
        .map(FleetMetrics::gateSince)
        .flatMap(Optional::stream)
        .mapToLong(since -> Math.max(0, Duration.between(since, now).toSeconds()))
        .max()
        .orElse(0);
  }

  /** When the rollout's waiting gate opened, if one waits and says so. */
  static Optional<Instant> gateSince(ManifestWorkReplicaSet set) {
    if (set.getStatus() == null) {
      return Optional.empty();
    }
    RolloutStatus rollout = set.getStatus().getRollout();
    GateStatus gate = rollout == null ? null : rollout.waitingGate();
    if (gate == null || gate.since() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(gate.since()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
