package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetflow.model.work.ApplyOrder;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** The agent's side of {@link AgentActivities}, working on its own cluster through fabric8. */
public class AgentActivitiesImpl implements AgentActivities {
  private static final Duration DELETE_POLL = Duration.ofMillis(200);

  /**
   * How long a custom object waits for its kind to be served when the same work defines its CRD: a
   * real API server serves a new CRD's kind a moment after the CRD is created (Established).
   */
  private static final Duration CRD_SERVED = Duration.ofSeconds(30);

  /**
   * How long an apply runs before it reports its progress by heartbeat. Each heartbeat is a write
   * on the Temporal server, and an apply of a few objects takes milliseconds, which its completion
   * reports; a long one (many objects, or a slow API server) still heartbeats well within the
   * activity's heartbeat timeout (30 s).
   */
  static final Duration HEARTBEAT_AFTER = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final String clusterName;
  private final long heartbeatAfterNanos;
  private final ClusterObjects objects;
  private final ExecutorClients executors;

  /**
   * @param client a client of the agent's own cluster
   * @param clusterName the cluster's name on the hub
   */
  public AgentActivitiesImpl(KubernetesClient client, String clusterName) {
    this(client, clusterName, HEARTBEAT_AFTER);
  }

  /** An agent whose applies report their progress once they have run for {@code heartbeatAfter}. */
  AgentActivitiesImpl(KubernetesClient client, String clusterName, Duration heartbeatAfter) {
    this.client = client;
    this.clusterName = clusterName;
    this.heartbeatAfterNanos = heartbeatAfter.toNanos();
    this.objects = new ClusterObjects(client);
    this.executors = new ExecutorClients(client);
  }

  @Override
  public ClusterInfo describeCluster() {
    String version = client.getKubernetesVersion().getGitVersion();
    Map<String, Quantity> capacity = new TreeMap<>();
    Map<String, Quantity> allocatable = new TreeMap<>();
    for (Node node : client.nodes().list().getItems()) {
      sumInto(capacity, node.getStatus() == null ? null : node.getStatus().getCapacity());
      if (!Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())) {
        sumInto(allocatable, node.getStatus() == null ? null : node.getStatus().getAllocatable());
      }
    }
    Namespace kubeSystem = client.namespaces().withName("kube-system").get();
    Map<String, String> claims = new TreeMap<>(ClusterClaimReader.read(client));
    claims.put("id.k8s.io", kubeSystem == null ? clusterName : kubeSystem.getMetadata().getUid());
    claims.put("kubeversion.open-cluster-management.io", version);
    return new ClusterInfo(version, asStrings(capacity), asStrings(allocatable), claims);
  }

  @Override
  public ApplyResult applyManifests(ApplyRequest request) {
    List<GenericKubernetesResource> manifests = request.manifests();
    ResourceResult[] results = new ResourceResult[manifests.size()];
    ManifestConfigs configs = new ManifestConfigs(request.manifestConfigs());
    KubernetesClient writer;
    try {
      writer = executors.clientFor(request.executor());
    } catch (ExecutorClients.Refused refused) {
      for (int i = 0; i < manifests.size(); i++) {
        results[i] = failed(i, manifests.get(i), "ExecutorNotAllowed", refused.getMessage());
      }
      return new ApplyResult(List.of(results));
    }
    List<Integer> order =
        IntStream.range(0, manifests.size())
            .boxed()
            .sorted(Comparator.comparingInt(i -> ApplyOrder.rank(manifests.get(i).getKind())))
            .toList();
    java.util.Set<String> definedGroups = groupsDefinedBy(manifests);
    WorkOwner owner = new WorkOwner(request.workName(), request.holder());
    int done = 0;
    long started = System.nanoTime();
    for (int ordinal : order) {
      GenericKubernetesResource manifest = manifests.get(ordinal);
      results[ordinal] =
          definedGroups.contains(group(manifest))
              ? applyWhenServed(ordinal, manifest, owner, configs, writer)
              : claimAndApply(ordinal, manifest, owner, configs, writer);
      // Each heartbeat is a write of the work's state on the server, and the SDK sends the first
      // one at once: the last manifest's would say no more than the completion that follows it,
      // and neither would any of a quick apply's.
      if (++done < order.size() && System.nanoTime() - started >= heartbeatAfterNanos) {
        Activity.getExecutionContext().heartbeat(done);
      }
    }
    return new ApplyResult(List.of(results));
  }

  private ResourceResult claimAndApply(
      int ordinal,
      GenericKubernetesResource manifest,
      WorkOwner work,
      ManifestConfigs configs,
      KubernetesClient writer) {
    Claim claim = claim(ordinal, manifest, work, configs);
    return applyOne(ordinal, manifest, work, configs, writer, claim);
  }

  /**
   * What the claim learned of the object on the cluster, for the write that follows.
   *
   * @param read whether the claim read the object ({@code existing} is then what it found)
   * @param assumedNew whether the claim took the object for new without reading it, so that the
   *     write creates it first and reads it only when the cluster has it already
   * @param existing the object the claim read, or null
   */
  private record Claim(boolean read, boolean assumedNew, HasMetadata existing) {
    static final Claim UNREAD = new Claim(false, false, null);
    static final Claim ASSUMED_NEW = new Claim(false, true, null);

    static Claim of(HasMetadata existing) {
      return new Claim(true, false, existing);
    }
  }

  /**
   * Applies a custom object whose CRD the same work defines (applied before it, by OCM's kind
   * order), trying again while the API server does not serve the new kind yet, for at most {@link
   * #CRD_SERVED}; what fails after that is reported as any failure is.
   */
  private ResourceResult applyWhenServed(
      int ordinal,
      GenericKubernetesResource manifest,
      WorkOwner work,
      ManifestConfigs configs,
      KubernetesClient writer) {
    long deadline = System.nanoTime() + CRD_SERVED.toNanos();
    while (true) {
      ResourceResult result = claimAndApply(ordinal, manifest, work, configs, writer);
      if (result.applied() || System.nanoTime() > deadline) {
        return result;
      }
      Activity.getExecutionContext().heartbeat(result.message());
      sleep(DELETE_POLL);
    }
  }

  /** The API groups that the request's CustomResourceDefinitions define. */
  private static java.util.Set<String> groupsDefinedBy(List<GenericKubernetesResource> manifests) {
    java.util.Set<String> groups = new java.util.HashSet<>();
    for (GenericKubernetesResource manifest : manifests) {
      if ("CustomResourceDefinition".equals(manifest.getKind())
          && manifest.get("spec", "group") instanceof String group) {
        groups.add(group);
      }
    }
    return groups;
  }

  private static String group(GenericKubernetesResource manifest) {
    String apiVersion = manifest.getApiVersion() == null ? "" : manifest.getApiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  @Override
  public void deleteResources(DeleteRequest request) {
    List<AppliedResource> pending = new ArrayList<>();
    for (AppliedResource applied : request.resources()) {
      if (release(applied, request.workName(), true)) {
        pending.add(applied);
      }
    }
    for (AppliedResource orphan : request.orphans()) {
      release(orphan, request.workName(), false);
    }
    while (!pending.isEmpty()) {
      pending.removeIf(r -> find(r) == null);
      if (!pending.isEmpty()) {
        // Only a delete that waits (a finalizer holds an object) reports its progress.
        Activity.getExecutionContext().heartbeat(pending.size());
        sleep(DELETE_POLL);
      }
    }
  }

  /**
   * Marks the manifest as owned by the work, besides the works that already own the object on the
   * cluster ({@link WorkOwnership}), and stamps its hash, so that the agent's watch tells its own
   * writes from changes made on the cluster whatever the update strategy. A ReadOnly manifest is
   * never written, so it claims nothing; a manifest the cluster refuses to read is left as it is,
   * for the apply to report.
   *
   * <p>Only a server-side apply reads the object first, since it writes in one call whether the
   * object exists or not. An {@code Update} or {@code CreateOnly} write claims the object as new
   * and creates it; most objects a work writes are new, and for them that is one call to the API
   * server instead of a read for the claim, a read for the write and the create. When the cluster
   * has the object already, the write reads it then and claims it again beside its owners ({@link
   * #writeAssumedNew}).
   */
  private Claim claim(
      int ordinal, GenericKubernetesResource manifest, WorkOwner work, ManifestConfigs configs) {
    try {
      HasMetadata typed = objects.typed(manifest);
      String strategy = configs.strategyOf(ClusterObjects.meta(ordinal, typed)).type();
      if (UpdateStrategy.READ_ONLY.equals(strategy)) {
        return Claim.UNREAD;
      }
      if (!UpdateStrategy.SERVER_SIDE_APPLY.equals(strategy)) {
        WorkOwnership.claim(manifest, null, work);
        return Claim.ASSUMED_NEW;
      }
      HasMetadata existing = objects.resource(typed).get();
      WorkOwnership.claim(manifest, existing, work);
      Desired.stampHash(client, manifest);
      return Claim.of(existing);
    } catch (KubernetesClientException | IllegalArgumentException e) {
      // The apply that follows meets the same problem and reports it on this manifest.
      return Claim.UNREAD;
    }
  }

  /**
   * Writes a manifest its claim took for new: creates it, and when the cluster has it already,
   * reads it, claims it beside the works that own it and writes it as an existing object.
   */
  private ResourceWriter.Written writeAssumedNew(
      GenericKubernetesResource manifest,
      HasMetadata desired,
      WorkOwner work,
      UpdateStrategy strategy,
      ResourceWriter writer) {
    Optional<ResourceWriter.Written> created = writer.createIfAbsent(desired);
    if (created.isPresent()) {
      return created.get();
    }
    HasMetadata existing = objects.resource(desired).get();
    WorkOwnership.claim(manifest, existing, work);
    return writer.write(objects.typed(manifest), strategy, () -> existing);
  }

  /**
   * Takes a resource away from a work: the object is deleted when asked and no other work owns it,
   * otherwise only the work's ownership is removed. An object with another UID than the work
   * applied, or one the work never wrote (a ReadOnly resource), is somebody else's and stays as it
   * is.
   *
   * @return true when the object was deleted and may still be going away
   */
  private boolean release(AppliedResource applied, String work, boolean delete) {
    HasMetadata existing = find(applied);
    if (existing == null) {
      return false;
    }
    List<String> owners = WorkOwnership.owners(existing);
    if (!WorkOwnership.isOwnedBy(existing, work)) {
      return false;
    }
    List<String> remaining = WorkOwnership.release(existing, work);
    if (delete && remaining.isEmpty()) {
      objects.resource(existing).delete();
      return true;
    }
    if (!owners.isEmpty()) {
      objects.resource(existing).update();
    }
    return false;
  }

  /** Returns the applied object as it is on the cluster, or null when it (with its UID) is gone. */
  private HasMetadata find(AppliedResource applied) {
    HasMetadata existing = objects.resource(objects.typed(toManifest(applied.meta()))).get();
    if (existing == null
        || (applied.uid() != null && !applied.uid().equals(existing.getMetadata().getUid()))) {
      return null;
    }
    return existing;
  }

  private ResourceResult applyOne(
      int ordinal,
      GenericKubernetesResource manifest,
      WorkOwner work,
      ManifestConfigs configs,
      KubernetesClient writer,
      Claim claim) {
    ResourceMeta meta = null;
    try {
      HasMetadata desired = objects.typed(manifest);
      meta = ClusterObjects.meta(ordinal, desired);
      UpdateStrategy strategy = configs.strategyOf(meta);
      HasMetadata onCluster;
      ResourceResult result;
      Optional<ManifestConfigOption> config = configs.of(meta);
      HasMetadata complete =
          ResourceStatusReader.hasCompleteRule(config) ? completed(meta, desired, config) : null;
      if (complete != null) {
        // OCM freezes a manifest once it is Complete: a finished Job is never rewritten.
        onCluster = complete;
        result = applied(meta, onCluster, "complete, so no longer updated").withReason("Complete");
      } else if (UpdateStrategy.READ_ONLY.equals(strategy.type())) {
        onCluster = objects.resource(desired).get();
        result = observed(meta, onCluster);
      } else {
        ResourceWriter resourceWriter = new ResourceWriter(writer);
        ResourceWriter.Written written =
            claim.assumedNew()
                ? writeAssumedNew(manifest, desired, work, strategy, resourceWriter)
                : resourceWriter.write(
                    desired,
                    strategy,
                    claim.read() ? claim::existing : () -> resourceWriter.read(desired));
        onCluster = written.object();
        result = applied(meta, onCluster, written.verb());
      }
      if (onCluster == null) {
        return result;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> object =
          client.getKubernetesSerialization().convertValue(onCluster, Map.class);
      return ResourceStatusReader.read(result, config, object);
    } catch (KubernetesClientException e) {
      if (isTransient(e)) {
        // The cluster's API server is struggling: let Temporal retry the whole activity.
        throw e;
      }
      return failed(ordinal, manifest, "AppliedManifestFailed", "apply failed: " + reason(e));
    }
  }

  /** Returns the object on the cluster when its Complete rule holds, else null. */
  private HasMetadata completed(
      ResourceMeta meta, HasMetadata desired, Optional<ManifestConfigOption> config) {
    HasMetadata existing = objects.resource(desired).get();
    if (existing == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object =
        client.getKubernetesSerialization().convertValue(existing, Map.class);
    return ResourceStatusReader.isComplete(config, meta, object) ? existing : null;
  }

  private ResourceResult failed(
      int ordinal, GenericKubernetesResource manifest, String reason, String message) {
    ResourceMeta meta;
    try {
      meta = ClusterObjects.meta(ordinal, objects.typed(manifest));
    } catch (RuntimeException e) {
      meta = ClusterObjects.meta(ordinal, manifest);
    }
    return new ResourceResult(meta, null, false, false, reason, message);
  }

  /** The API server's own words when it sent a Status (a conflict names its managers there). */
  private static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")"
        : e.getMessage();
  }

  /** Server errors and lost connections pass; refusals of one object (4xx) are that object's. */
  private static boolean isTransient(KubernetesClientException e) {
    if (e.getCode() >= 500) {
      return true;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static ResourceResult applied(ResourceMeta meta, HasMetadata object, String what) {
    return new ResourceResult(
        meta,
        object.getMetadata().getUid(),
        true,
        true,
        "AppliedManifestComplete",
        meta.kind() + " " + meta.name() + " " + what);
  }

  private static ResourceResult observed(ResourceMeta meta, HasMetadata existing) {
    String message =
        existing == null
            ? "ReadOnly: "
                + meta.kind()
                + " "
                + meta.name()
                + " does not exist; it is never created"
            : "ReadOnly: the object is only watched, never written";
    return new ResourceResult(
        meta,
        existing == null ? null : existing.getMetadata().getUid(),
        true,
        existing != null,
        existing == null ? "ResourceNotFound" : "ResourceExists",
        message);
  }

  private static GenericKubernetesResource toManifest(ResourceMeta ref) {
    GenericKubernetesResource manifest = new GenericKubernetesResource();
    manifest.setApiVersion(
        ref.group().isEmpty() ? ref.version() : ref.group() + "/" + ref.version());
    manifest.setKind(ref.kind());
    manifest.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    manifest.getMetadata().setName(ref.name());
    manifest.getMetadata().setNamespace(ref.namespace());
    return manifest;
  }

  private static void sumInto(Map<String, Quantity> total, Map<String, Quantity> add) {
    if (add != null) {
      add.forEach((k, v) -> total.merge(k, v, Quantity::add));
    }
  }

  private static Map<String, String> asStrings(Map<String, Quantity> quantities) {
    Map<String, String> out = new TreeMap<>();
    quantities.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting for deletion", "Interrupted");
    }
  }
}
