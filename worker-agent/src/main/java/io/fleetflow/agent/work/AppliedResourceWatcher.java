package io.fleetflow.agent.work;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.activities.agent.WorkOwnership;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.work.ClusterChange;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the objects the agent applied for each work of its cluster and tells the work's workflow
 * {@code ManifestWork/<cluster>/<name>} when one is changed by someone else, changes its status or
 * is deleted, so the work restores it and refreshes its status within a second or two, where OCM's
 * agent polls every few minutes. Nothing happens while nothing changes: the cost follows the
 * changes, not the number of works.
 *
 * <p>There is one informer per kind of applied object, selecting the objects by {@link
 * WorkOwnership#APPLIED_LABEL}, so the agent caches only what it applied. Each object names the
 * works that own it ({@link WorkOwnership#OWNERS_ANNOTATION}); a registry of what each work's
 * latest apply left backs that up and tells which kinds to watch. It is rebuilt from the works'
 * applies, which the agent asks for after it starts ({@link WorkResync}). Changes to one work are
 * gathered for {@link #DEBOUNCE} and sent as one signal, and the agent's own writes are not
 * reported back.
 *
 * <p>Objects of {@code ReadOnly} manifests are never written, so they carry no label: each is
 * watched by its name, for as long as a work reads it, and any change to it, its creation or its
 * deletion refreshes the work's status (feedback and Available), never as a drift.
 */
public final class AppliedResourceWatcher implements AutoCloseable {
  /** How long changes to one work are gathered before the work is told. */
  static final Duration DEBOUNCE = Duration.ofMillis(500);

  /** How long an apply waits for a new informer's first list. */
  static final Duration INFORMER_START = Duration.ofSeconds(5);

  /** How long to wait before telling a work again when the hub could not be reached. */
  static final Duration SIGNAL_RETRY = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(AppliedResourceWatcher.class);

  private final KubernetesClient cluster;
  private final EntityClient hub;
  private final String clusterName;
  private final ScheduledExecutorService scheduler;
  private final HolderRegistry registry;

  /** Works by the object they applied, the key being {@link #key}. */
  private final Map<String, Set<String>> worksByObject = new ConcurrentHashMap<>();

  /** Objects by the work that applied them. */
  private final Map<String, Set<String>> objectsByWork = new ConcurrentHashMap<>();

  /** Informers by resource type (group/version/plural). */
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();

  /** The objects each work only reads ({@code ReadOnly}), by the work. */
  private final Map<String, Set<String>> readOnlyByWork = new ConcurrentHashMap<>();

  /** Informers of single objects that works only read, by {@link #key}. */
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> readOnlyInformers =
      new ConcurrentHashMap<>();

  /**
   * The workflow that holds each work, for works not held by their own ManifestWork workflow (a
   * replica set's), as the work's latest apply named it.
   */
  private final Map<String, String> holders = new ConcurrentHashMap<>();

  /** Changes gathered for each work and not yet sent. */
  private final Map<String, Map<String, ClusterChange.Resource>> pending = new LinkedHashMap<>();

  /**
   * @param cluster a client of the agent's own cluster
   * @param hub the hub's entities
   * @param clusterName the cluster's name on the hub
   * @param scheduler where the gathered changes are sent from
   * @param registry where the holders of works are remembered for the agent's next start
   */
  public AppliedResourceWatcher(
      KubernetesClient cluster,
      EntityClient hub,
      String clusterName,
      ScheduledExecutorService scheduler,
      HolderRegistry registry) {
    this.cluster = cluster;
    this.hub = hub;
    this.clusterName = clusterName;
    this.scheduler = scheduler;
    this.registry = registry;
  }

  /**
   * Records which workflow holds a work, as its latest apply named it: null for the work's own
   * ManifestWork workflow, else the workflow (a replica set) that changes are told to.
   */
  public void heldBy(String work, String holder) {
    if (holder == null) {
      holders.remove(work);
    } else {
      holders.put(work, holder);
      registry.add(holder);
    }
  }

  /** Records what a work's latest apply left on the cluster, replacing what it had before. */
  public void applied(String work, Collection<ResourceMeta> resources) {
    Set<String> keys = ConcurrentHashMap.newKeySet();
    for (ResourceMeta r : resources) {
      keys.add(key(r.group(), r.kind(), r.namespace(), r.name()));
      watchType(r);
    }
    Set<String> before = objectsByWork.put(work, keys);
    Set<String> read = readOnlyByWork.getOrDefault(work, Set.of());
    if (before != null) {
      // Objects the work only reads are kept until readOnly() says which it still reads.
      before.stream()
          .filter(k -> !keys.contains(k) && !read.contains(k))
          .forEach(k -> forget(k, work));
      before.stream().filter(read::contains).forEach(keys::add);
    }
    keys.forEach(
        k -> worksByObject.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(work));
  }

  /**
   * Records the objects a work's latest apply only read ({@code ReadOnly}), existing or not, and
   * watches each by name, so that their changes, creation or deletion refresh the work's status.
   * Called after {@link #applied}, which replaces the work's objects.
   */
  public void readOnly(String work, Collection<ResourceResult> results) {
    Set<String> keys = objectsByWork.computeIfAbsent(work, w -> ConcurrentHashMap.newKeySet());
    Set<String> read = ConcurrentHashMap.newKeySet();
    for (ResourceResult r : results) {
      ResourceMeta m = r.meta();
      String key = key(m.group(), m.kind(), m.namespace(), m.name());
      read.add(key);
      keys.add(key);
      worksByObject.computeIfAbsent(key, x -> ConcurrentHashMap.newKeySet()).add(work);
      readOnlyInformers.computeIfAbsent(key, k -> watchOne(m, r.uid()));
    }
    Set<String> before =
        read.isEmpty() ? readOnlyByWork.remove(work) : readOnlyByWork.put(work, read);
    if (before != null) {
      before.stream()
          .filter(k -> !read.contains(k))
          .forEach(
              k -> {
                keys.remove(k);
                forget(k, work);
              });
    }
  }

  private SharedIndexInformer<GenericKubernetesResource> watchOne(ResourceMeta m, String uid) {
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(m.group())
            .withVersion(m.version())
            .withKind(m.kind())
            .withPlural(m.resource())
            .withNamespaced(m.namespace() != null)
            .build();
    var resources = cluster.genericKubernetesResources(context);
    SharedIndexInformer<GenericKubernetesResource> informer =
        (m.namespace() != null
                ? resources.inNamespace(m.namespace()).withName(m.name())
                : resources.withName(m.name()))
            .runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource object) {
            // The first list shows the object the apply already read; a new one is news.
            if (!Objects.equals(uid, object.getMetadata().getUid())) {
              changed(m.group(), m.kind(), object, ClusterChange.STATUS_CHANGED);
            }
          }

          @Override
          public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            changed(m.group(), m.kind(), after, ClusterChange.STATUS_CHANGED);
          }

          @Override
          public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
            changed(m.group(), m.kind(), object, ClusterChange.STATUS_CHANGED);
          }
        });
    informer
        .start()
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                log.warn(
                    "cluster {}: cannot watch {} {}: {}",
                    clusterName,
                    m.kind(),
                    m.name(),
                    error.getMessage());
              }
            });
    return informer;
  }

  /** Records that a work let go of resources (deleted or orphaned them). */
  public void released(String work, Collection<ResourceMeta> resources) {
    Set<String> keys = objectsByWork.get(work);
    for (ResourceMeta r : resources) {
      String key = key(r.group(), r.kind(), r.namespace(), r.name());
      if (keys != null) {
        keys.remove(key);
      }
      forget(key, work);
    }
    if (keys != null && keys.isEmpty()) {
      objectsByWork.remove(work);
      holders.remove(work);
    }
  }

  /** The number of informers running, one per kind of applied object. */
  int informerCount() {
    return informers.size();
  }

  private void forget(String key, String work) {
    worksByObject.computeIfPresent(
        key,
        (k, works) -> {
          works.remove(work);
          return works.isEmpty() ? null : works;
        });
    if (!worksByObject.containsKey(key)) {
      SharedIndexInformer<GenericKubernetesResource> informer = readOnlyInformers.remove(key);
      if (informer != null) {
        informer.close();
      }
    }
  }

  /**
   * Starts watching the kinds of a work's manifests before they are applied, so that what happens
   * to a new object right after its creation (a Job's controller finishing it) is seen. Waits a
   * little for a new informer's first list.
   */
  public void prepare(List<GenericKubernetesResource> manifests) {
    for (GenericKubernetesResource m : manifests) {
      String apiVersion = Objects.requireNonNullElse(m.getApiVersion(), "");
      int slash = apiVersion.indexOf('/');
      String kind = m.getKind();
      if (kind == null) {
        continue;
      }
      SharedIndexInformer<GenericKubernetesResource> informer =
          watchType(
              slash < 0 ? "" : apiVersion.substring(0, slash),
              slash < 0 ? apiVersion : apiVersion.substring(slash + 1),
              kind,
              Pluralize.toPlural(kind.toLowerCase(Locale.ROOT)),
              m.getMetadata() != null && m.getMetadata().getNamespace() != null);
      try {
        informer
            .start()
            .toCompletableFuture()
            .get(INFORMER_START.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // Watching is a help: the apply goes ahead, and the informer keeps trying.
      }
    }
  }

  private void watchType(ResourceMeta r) {
    watchType(r.group(), r.version(), r.kind(), r.resource(), r.namespace() != null);
  }

  private SharedIndexInformer<GenericKubernetesResource> watchType(
      String group, String version, String kind, String plural, boolean namespaced) {
    return informers.computeIfAbsent(
        group + "/" + version + "/" + kind,
        t -> {
          ResourceDefinitionContext context =
              new ResourceDefinitionContext.Builder()
                  .withGroup(group)
                  .withVersion(version)
                  .withKind(kind)
                  .withPlural(plural)
                  .withNamespaced(namespaced)
                  .build();
          var resources = cluster.genericKubernetesResources(context);
          SharedIndexInformer<GenericKubernetesResource> informer =
              namespaced
                  ? resources
                      .inAnyNamespace()
                      .withLabel(WorkOwnership.APPLIED_LABEL, WorkOwnership.APPLIED_BY)
                      .runnableInformer(0)
                  : resources
                      .withLabel(WorkOwnership.APPLIED_LABEL, WorkOwnership.APPLIED_BY)
                      .runnableInformer(0);
          informer.addEventHandler(new Handler(group, kind));
          informer
              .start()
              .whenComplete(
                  (ok, error) -> {
                    if (error != null) {
                      log.warn(
                          "cluster {}: cannot watch {}: {}", clusterName, t, error.getMessage());
                    }
                  });
          return informer;
        });
  }

  /**
   * Turns one informer's events into changes of the works that applied the objects. It remembers
   * each object as the agent last wrote it, so that the agent's restore of a drift is not taken for
   * another drift.
   */
  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    private final String group;
    private final String kind;
    private final Map<String, GenericKubernetesResource> applied = new ConcurrentHashMap<>();

    Handler(String group, String kind) {
      this.group = group;
      this.kind = kind;
    }

    @Override
    public void onAdd(GenericKubernetesResource object) {
      // The informer's first list, or an object the agent just created: nothing to tell.
      applied.put(objectKey(object), object);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      String key = objectKey(after);
      String change = ResourceChanges.classify(applied.get(key), before, after);
      if (WorkOwnership.isAgentWrite(before, after)) {
        applied.put(key, after);
      }
      if (change != null) {
        changed(group, kind, after, change);
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
      applied.remove(objectKey(object));
      changed(group, kind, object, ClusterChange.DELETED);
    }

    private static String objectKey(GenericKubernetesResource object) {
      return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
  }

  private void changed(String group, String kind, GenericKubernetesResource object, String change) {
    String namespace = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    // The object names its owners, so a change that comes before the work's apply has returned
    // (a controller's first status write) still finds its works; the registry covers an object
    // whose annotation was removed on the cluster.
    Set<String> works = new TreeSet<>(WorkOwnership.owners(object));
    // An agent that restarted learns from the object which workflow holds a work held elsewhere
    // than its own, before the work is applied again.
    WorkOwnership.holders(object).forEach(holders::putIfAbsent);
    works.addAll(worksByObject.getOrDefault(key(group, kind, namespace, name), Set.of()));
    if (works.isEmpty()) {
      return;
    }
    ClusterChange.Resource resource = new ClusterChange.Resource(kind, namespace, name, change);
    for (String work : works) {
      synchronized (pending) {
        Map<String, ClusterChange.Resource> changes = pending.get(work);
        if (changes == null) {
          changes = new LinkedHashMap<>();
          pending.put(work, changes);
          scheduler.schedule(() -> tell(work), DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        }
        // A drift outranks a status change of the same object.
        String id = kind + "/" + namespace + "/" + name;
        ClusterChange.Resource earlier = changes.get(id);
        if (earlier == null || !earlier.drifted()) {
          changes.put(id, resource);
        }
      }
    }
  }

  private void tell(String work) {
    List<ClusterChange.Resource> changes;
    synchronized (pending) {
      Map<String, ClusterChange.Resource> gathered = pending.remove(work);
      changes = gathered == null ? List.of() : new ArrayList<>(gathered.values());
    }
    if (changes.isEmpty()) {
      return;
    }
    String holder = holders.get(work);
    var entity =
        holder == null
            ? hub.entity(WorkKinds.MANIFEST_WORK, clusterName, work)
            : hub.entity(RolloutKinds.MANIFEST_WORK_REPLICA_SET, holder);
    String workflowId = entity.workflowId();
    try {
      // A holder of many clusters' works learns whose changed; the front door checks the name.
      entity.signal(
          ManifestWorkWorkflow.CLUSTER_CHANGED,
          new ClusterChange(
              "resources changed on the cluster", changes, holder == null ? null : clusterName));
      log.info("cluster {}: told {} about {}", clusterName, workflowId, describe(changes));
    } catch (EntityException.NotFound e) {
      // The work is gone; whatever it left is no longer its concern.
      Set<String> keys = objectsByWork.remove(work);
      holders.remove(work);
      if (keys != null) {
        keys.forEach(k -> forget(k, work));
      }
    } catch (RuntimeException e) {
      log.warn(
          "cluster {}: cannot tell {} about changes ({}); trying again in {}s",
          clusterName,
          workflowId,
          e.getMessage(),
          SIGNAL_RETRY.toSeconds());
      synchronized (pending) {
        Map<String, ClusterChange.Resource> again =
            pending.computeIfAbsent(work, w -> new LinkedHashMap<>());
        changes.forEach(c -> again.putIfAbsent(c.kind() + "/" + c.namespace() + "/" + c.name(), c));
      }
      scheduler.schedule(() -> tell(work), SIGNAL_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static String describe(List<ClusterChange.Resource> changes) {
    return String.join(", ", changes.stream().map(ClusterChange.Resource::describe).toList());
  }

  private static String key(String group, String kind, String namespace, String name) {
    return group + "/" + kind + "/" + Objects.requireNonNullElse(namespace, "") + "/" + name;
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::close);
    informers.clear();
    readOnlyInformers.values().forEach(SharedIndexInformer::close);
    readOnlyInformers.clear();
  }
}
