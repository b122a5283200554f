package io.fleetflow.activities.addon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetflow.model.addon.AddOnLease;
import io.fleetflow.model.addon.ResourceScores;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's side of add-on health: reads the add-on's Lease on its cluster every {@link #POLL}
 * and answers when its health changes. A lease's renewal is a write on the cluster only; the hub
 * hears of it only when it matters, so a thousand healthy add-ons cost no history.
 */
public class AddOnAgentActivitiesImpl implements AddOnAgentActivities {
  /** How often the lease is read while a watch waits. */
  static final Duration POLL = Duration.ofSeconds(2);

  /** OCM's lease duration when the lease does not say. */
  static final long DEFAULT_LEASE_SECONDS = 60;

  private final KubernetesClient cluster;
  private final Supplier<Instant> clock;

  public AddOnAgentActivitiesImpl(KubernetesClient cluster) {
    this(cluster, Instant::now);
  }

  AddOnAgentActivitiesImpl(KubernetesClient cluster, Supplier<Instant> clock) {
    this.cluster = cluster;
    this.clock = clock;
  }

  @Override
  public AddOnLease watchLease(LeaseWatch watch) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Instant until = clock.get().plusSeconds(watch.maxWaitSeconds());
    while (true) {
      AddOnLease seen = observe(watch.namespace(), watch.name());
      if (!seen.sameHealth(watch.known()) || !clock.get().isBefore(until)) {
        return seen;
      }
      // A heartbeat fails the activity once the workflow no longer waits for it.
      context.heartbeat(seen.renewTime());
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return seen;
      }
    }
  }

  @Override
  public ResourceScores.FreeResources measureFreeResources() {
    long cpu = 0;
    long memory = 0;
    for (Node node : cluster.nodes().list().getItems()) {
      if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
        continue;
      }
      Map<String, Quantity> allocatable =
          node.getStatus() == null ? null : node.getStatus().getAllocatable();
      cpu += millis(allocatable == null ? null : allocatable.get("cpu"));
      memory += bytes(allocatable == null ? null : allocatable.get("memory"));
    }
    long cpuRequested = 0;
    long memoryRequested = 0;
    for (Pod pod : cluster.pods().inAnyNamespace().list().getItems()) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase) || pod.getSpec() == null) {
        continue;
      }
      for (Container container : pod.getSpec().getContainers()) {
        Map<String, Quantity> requests =
            container.getResources() == null ? null : container.getResources().getRequests();
        cpuRequested += millis(requests == null ? null : requests.get("cpu"));
        memoryRequested += bytes(requests == null ? null : requests.get("memory"));
      }
    }
    return new ResourceScores.FreeResources(cpu, cpuRequested, memory, memoryRequested);
  }

  private static long millis(Quantity quantity) {
    return quantity == null
        ? 0
        : Quantity.getAmountInBytes(quantity)
            .multiply(java.math.BigDecimal.valueOf(1000))
            .longValue();
  }

  private static long bytes(Quantity quantity) {
    return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).longValue();
  }

  /** Reads the lease once. */
  AddOnLease observe(String namespace, String name) {
    Lease lease = cluster.leases().inNamespace(namespace).withName(name).get();
    if (lease == null || lease.getSpec() == null) {
      return new AddOnLease(false, null, 5 * DEFAULT_LEASE_SECONDS, false);
    }
    var spec = lease.getSpec();
    long duration =
        spec.getLeaseDurationSeconds() == null || spec.getLeaseDurationSeconds() <= 0
            ? DEFAULT_LEASE_SECONDS
            : spec.getLeaseDurationSeconds();
    long grace = 5 * duration;
    ZonedDateTime renewed =
        spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
    if (renewed == null) {
      return new AddOnLease(true, null, grace, false);
    }
    boolean fresh = renewed.toInstant().plusSeconds(grace).isAfter(clock.get());
    return new AddOnLease(true, renewed.toInstant().toString(), grace, fresh);
  }
}
