package io.fleetflow.agent.view;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fleetflow.activities.view.ObjectType;
import io.fleetflow.activities.view.ViewAgentActivitiesImpl;
import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.activities.view.ViewRequest;
import io.fleetflow.activities.view.ViewWatches;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.model.view.ViewKinds;
import io.fleetflow.workflows.view.ManagedClusterViewWorkflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one watch per ManagedClusterView of the agent's cluster and tells the view's workflow
 * {@code ManagedClusterView/<cluster>/<name>} what changed, so a change on the cluster shows on the
 * hub within a second or two and an object that does not change costs nothing (OCM's agent reads
 * every view again every {@code updateIntervalSeconds}). Changes to one view within {@link
 * #DEBOUNCE} are sent as one signal with the latest state, and a state the hub already has (an
 * informer's relist) is not sent again.
 */
public final class ViewWatcher implements ViewWatches, AutoCloseable {
  /** How long changes to one view are gathered before the view is told. */
  static final Duration DEBOUNCE = Duration.ofMillis(200);

  /** How long to wait before telling a view again when the hub could not be reached. */
  static final Duration SIGNAL_RETRY = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ViewWatcher.class);

  private final EntityClient hub;
  private final String clusterName;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final Map<String, ViewReport> pending = new HashMap<>();

  /** One view's watch and what the hub last heard from it. */
  private static final class Watch {
    final ViewRequest request;
    final SharedIndexInformer<GenericKubernetesResource> informer;
    volatile String told;

    Watch(
        ViewRequest request, SharedIndexInformer<GenericKubernetesResource> informer, String told) {
      this.request = request;
      this.informer = informer;
      this.told = told;
    }
  }

  /**
   * @param hub the hub's entities
   * @param clusterName the cluster's name on the hub
   * @param scheduler where the gathered changes are sent from
   */
  public ViewWatcher(EntityClient hub, String clusterName, ScheduledExecutorService scheduler) {
    this.hub = hub;
    this.clusterName = clusterName;
    this.scheduler = scheduler;
  }

  @Override
  public void watch(
      ViewRequest request, ObjectType type, KubernetesClient reader, ViewReport sent) {
    var resources = reader.genericKubernetesResources(type.context());
    var named =
        type.namespaced()
            ? resources.inNamespace(request.scope().namespace()).withName(request.scope().name())
            : resources.withName(request.scope().name());
    SharedIndexInformer<GenericKubernetesResource> informer = named.runnableInformer(0);
    Watch watch = new Watch(request, informer, fingerprint(sent));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource object) {
            offer(watch, type, object);
          }

          @Override
          public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            offer(watch, type, after);
          }

          @Override
          public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
            offer(watch, type, null);
          }
        });
    Watch earlier = watches.put(request.view(), watch);
    if (earlier != null) {
      earlier.informer.close();
    }
    informer
        .start()
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                log.warn(
                    "cluster {}: cannot watch view {}: {}",
                    clusterName,
                    request.view(),
                    error.getMessage());
              }
            });
  }

  @Override
  public void stop(String view) {
    Watch watch = watches.remove(view);
    if (watch != null) {
      watch.informer.close();
    }
  }

  /** The number of views watched. */
  public int watchCount() {
    return watches.size();
  }

  private void offer(Watch watch, ObjectType type, GenericKubernetesResource object) {
    ViewReport report = ViewAgentActivitiesImpl.reportOf(watch.request, type, object, clusterName);
    if (watches.get(watch.request.view()) != watch
        || Objects.equals(fingerprint(report), watch.told)) {
      return;
    }
    boolean first;
    synchronized (pending) {
      first = pending.put(watch.request.view(), report) == null;
    }
    if (first) {
      scheduler.schedule(
          () -> tell(watch.request.view()), DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tell(String view) {
    ViewReport report;
    synchronized (pending) {
      report = pending.remove(view);
    }
    Watch watch = watches.get(view);
    if (report == null || watch == null || watch.request.generation() != report.generation()) {
      return;
    }
    var entity = hub.entity(ViewKinds.MANAGED_CLUSTER_VIEW, clusterName, view);
    try {
      entity.signal(ManagedClusterViewWorkflow.VIEW_CHANGED, report);
      watch.told = fingerprint(report);
      log.debug("cluster {}: told {}: {}", clusterName, entity.workflowId(), report.message());
    } catch (EntityException.NotFound e) {
      // The view is gone; so is the reason to watch.
      stop(view);
    } catch (RuntimeException e) {
      log.warn(
          "cluster {}: cannot tell {} about a change ({}); trying again in {}s",
          clusterName,
          entity.workflowId(),
          e.getMessage(),
          SIGNAL_RETRY.toSeconds());
      synchronized (pending) {
        pending.putIfAbsent(view, report);
      }
      scheduler.schedule(() -> tell(view), SIGNAL_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** What identifies a state of the view: the object's resourceVersion, or why there is none. */
  private static String fingerprint(ViewReport report) {
    return report.result() != null
        ? "read " + report.result().getMetadata().getResourceVersion()
        : report.reason() + " " + report.message();
  }

  @Override
  public void close() {
    watches.values().forEach(w -> w.informer.close());
    watches.clear();
  }
}
