package io.fleetflow.workflows;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.agent.ApplyRequest;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.clusterset.ManagedClusterSetBindingSpec;
import io.fleetflow.model.clusterset.ManagedClusterSetSpec;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.workflows.cluster.JoinRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Objects the workflow scenarios use. */
public final class Fixtures {
  public static final Actor ADMIN = new Actor("admin", List.of("fleetflow:admins"), "tour");

  private Fixtures() {}

  /**
   * The profile as a client would send it back with its first resource removed: a new generation.
   */
  public static ClusterTakeoverProfile withoutFirstResource(ClusterTakeoverProfile profile) {
    profile.getMetadata().setResourceVersion(null);
    profile.getSpec().getResources().remove(0);
    return profile;
  }

  /**
   * A ManagedClusterSetBinding of {@code set} into {@code namespace} (named as its set, as OCM
   * asks).
   */
  public static ManagedClusterSetBinding binding(String namespace, String set) {
    ManagedClusterSetBinding binding = new ManagedClusterSetBinding();
    binding.setMetadata(new ObjectMeta());
    binding.getMetadata().setName(set);
    binding.getMetadata().setNamespace(namespace);
    ManagedClusterSetBindingSpec spec = new ManagedClusterSetBindingSpec();
    spec.setClusterSet(set);
    binding.setSpec(spec);
    return binding;
  }

  /** A ManagedClusterSet named {@code name} with OCM's default selector (the set label). */
  public static ManagedClusterSet clusterSet(String name) {
    var set = new ManagedClusterSet();
    set.setMetadata(new ObjectMeta());
    set.getMetadata().setName(name);
    set.setSpec(new ManagedClusterSetSpec());
    return set;
  }

  public static ClusterInfo clusterInfo(String name) {
    return new ClusterInfo(
        "v1.32.0", Map.of("cpu", "4"), Map.of("cpu", "3800m"), Map.of("id.k8s.io", name + "-id"));
  }

  public static JoinRequest join(String name, String identity) {
    return new JoinRequest(name, identity, clusterInfo(name), List.of());
  }

  public static GenericKubernetesResource manifest(
      String apiVersion, String kind, String namespace, String name) {
    GenericKubernetesResource m = new GenericKubernetesResource();
    m.setApiVersion(apiVersion);
    m.setKind(kind);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(namespace);
    m.setMetadata(meta);
    return m;
  }

  /**
   * The conditions a generated work reports for a generation: Applied and Available, and Degraded
   * when it is not healthy.
   */
  public static List<Condition> workConditions(boolean healthy, long generation) {
    List<Condition> conditions = new ArrayList<>();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Conditions.set(
        conditions,
        ManifestWork.CONDITION_APPLIED,
        Conditions.TRUE,
        "Applied",
        "",
        now,
        generation);
    Conditions.set(
        conditions,
        ManifestWork.CONDITION_AVAILABLE,
        Conditions.TRUE,
        "Available",
        "",
        now,
        generation);
    Conditions.set(
        conditions,
        "Degraded",
        healthy ? Conditions.FALSE : Conditions.TRUE,
        healthy ? "AsExpected" : "ReplicasUnavailable",
        healthy ? "" : "0 of 2 replicas ready",
        now,
        generation);
    return conditions;
  }

  /** The agent's answer when it applied every manifest of the request, each with a UID. */
  public static ApplyResult appliedAll(ApplyRequest request) {
    List<ResourceResult> results = new ArrayList<>();
    for (int i = 0; i < request.manifests().size(); i++) {
      var m = request.manifests().get(i);
      ResourceMeta meta =
          new ResourceMeta(
              i,
              "",
              "v1",
              m.getKind(),
              m.getKind().toLowerCase() + "s",
              m.getMetadata().getName(),
              m.getMetadata().getNamespace());
      results.add(
          new ResourceResult(meta, "uid-" + i, true, true, "AppliedManifestComplete", "ok"));
    }
    return new ApplyResult(results);
  }

  /** A ManifestWorkReplicaSet apps/hello of the hello work on placement web. */
  public static ManifestWorkReplicaSet replicaSet(
      RolloutStrategy strategy, ApprovalGates gates, boolean autoRollback) {
    ManifestWorkReplicaSet set = new ManifestWorkReplicaSet();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace("apps");
    meta.setName("hello");
    meta.setLabels(Map.of("team", "blue"));
    set.setMetadata(meta);
    ManifestWorkReplicaSetSpec spec = new ManifestWorkReplicaSetSpec();
    spec.setManifestWorkTemplate(helloWork("template").getSpec());
    spec.setPlacementRefs(List.of(new LocalPlacementReference("web", strategy)));
    spec.setApprovalGates(gates);
    spec.setAutoRollback(autoRollback ? true : null);
    set.setSpec(spec);
    return set;
  }

  /** A ManifestWork for the cluster with a Namespace and a ConfigMap in it. */
  public static ManifestWork helloWork(String cluster) {
    ManifestWork work = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setName("hello");
    meta.setNamespace(cluster);
    work.setMetadata(meta);
    ManifestWorkSpec spec = new ManifestWorkSpec();
    spec.setWorkload(
        new ManifestWorkSpec.Workload(
            new ArrayList<>(
                List.of(
                    manifest("v1", "Namespace", null, "hello"),
                    manifest("v1", "ConfigMap", "hello", "greeting")))));
    work.setSpec(spec);
    return work;
  }
}
