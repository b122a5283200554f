package io.fleetflow.agent.facts;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fleetflow.activities.agent.ClusterClaimReader;
import io.fleetflow.activities.agent.ClusterInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hub's view of the cluster's facts fresh: watches the Nodes (capacity, allocatable) and
 * OCM's ClusterClaims, and looks at the Kubernetes version on a slow period (it changes only with
 * an upgrade), then reports the facts whenever they differ from what was reported last, so claim
 * selectors, auto-approval and allocatable prioritizers work on what the cluster is now.
 *
 * <p>Changes are gathered for {@link #SETTLE} before the facts are read again, so a node pool that
 * scales reports once. A cluster without the ClusterClaim CRD is looked at again on every period,
 * and its claims are watched once the CRD appears.
 */
public final class ClusterFactsWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterFactsWatcher.class);

  /** How long changes are gathered before the facts are read again. */
  static final Duration SETTLE = Duration.ofSeconds(2);

  /** How often the facts are read regardless of events (the version, a missed event). */
  static final Duration PERIOD = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final Supplier<ClusterInfo> facts;
  private final Consumer<ClusterInfo> report;
  private final ScheduledExecutorService scheduler;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile ClusterInfo reported;
  private volatile ScheduledFuture<?> pending;
  private volatile ScheduledFuture<?> periodic;
  private volatile boolean claimsWatched;

  /**
   * @param client the agent's client of its cluster
   * @param facts reads the facts as the agent reports them at join
   * @param report sends changed facts to the hub; it may throw, and the facts are then sent again
   *     on the next change or period
   * @param scheduler the agent's own thread, where reads and reports run
   */
  public ClusterFactsWatcher(
      KubernetesClient client,
      Supplier<ClusterInfo> facts,
      Consumer<ClusterInfo> report,
      ScheduledExecutorService scheduler) {
    this.client = client;
    this.facts = facts;
    this.report = report;
    this.scheduler = scheduler;
  }

  /**
   * Starts watching. {@code alreadyReported} are the facts the hub has (those of the join), so
   * nothing is sent until something changes.
   */
  public synchronized void start(ClusterInfo alreadyReported) {
    reported = alreadyReported;
    if (periodic != null) {
      return;
    }
    informers.add(client.nodes().inform(onAnyChange(), 0));
    watchClaimsIfServed();
    periodic =
        scheduler.scheduleWithFixedDelay(
            () -> {
              watchClaimsIfServed();
              check();
            },
            PERIOD.toMillis(),
            PERIOD.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private synchronized void watchClaimsIfServed() {
    if (claimsWatched || !claimsServed()) {
      return;
    }
    try {
      informers.add(
          client
              .genericKubernetesResources(ClusterClaimReader.CLUSTER_CLAIMS)
              .inform(onAnyChange(), 0));
      claimsWatched = true;
    } catch (KubernetesClientException e) {
      // No ClusterClaim CRD yet (404), or no right to list claims: looked at again later.
      log.debug("ClusterClaims are not watched yet: {}", e.getMessage());
    }
  }

  /** Whether the cluster serves ClusterClaims: asked by discovery, so no watch fails for it. */
  private boolean claimsServed() {
    try {
      var served =
          client.getApiResources(
              ClusterClaimReader.CLUSTER_CLAIMS.getGroup()
                  + "/"
                  + ClusterClaimReader.CLUSTER_CLAIMS.getVersion());
      return served != null
          && served.getResources().stream()
              .anyMatch(r -> ClusterClaimReader.CLUSTER_CLAIMS.getPlural().equals(r.getName()));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private <T> ResourceEventHandler<T> onAnyChange() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed();
      }
    };
  }

  /** Schedules one read of the facts after the changes settle. */
  private void changed() {
    ScheduledFuture<?> current = pending;
    if (current == null || current.isDone()) {
      pending = scheduler.schedule(this::check, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Reads the facts and reports them when they differ from what the hub has. */
  void check() {
    try {
      ClusterInfo now = facts.get();
      if (!now.equals(reported)) {
        report.accept(now);
        reported = now;
        log.info(
            "cluster facts changed and were reported: version {}, allocatable {}, {} claims",
            now.kubernetesVersion(),
            now.allocatable(),
            now.claims().size());
      }
    } catch (RuntimeException e) {
      log.warn("could not read or report the cluster's facts: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (periodic != null) {
      periodic.cancel(false);
      periodic = null;
    }
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    claimsWatched = false;
  }
}
