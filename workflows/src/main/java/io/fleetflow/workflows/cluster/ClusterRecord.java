package io.fleetflow.workflows.cluster;

import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_AVAILABLE;

import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.model.cluster.ClusterClaims;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.entity.ObjectChanges;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cluster as the API shows it and its audit trail, shared by the collaborators of {@link
 * ManagedClusterWorkflowImpl}: conditions, annotations, facts reported by the agent and the recent
 * events, each change moving the resourceVersion as an API server would. Deterministic: the time
 * comes from the clock it is given, the workflow's in a workflow and a fixed one in a test.
 */
final class ClusterRecord {
  private final ManagedClusterState state;
  private final Supplier<Instant> clock;

  ClusterRecord(ManagedClusterState state, Supplier<Instant> clock) {
    this.state = state;
    this.clock = clock;
  }

  /** What the workflow carries across runs. */
  ManagedClusterState state() {
    return state;
  }

  /** The object, or null before the first join or create. */
  ManagedCluster cluster() {
    return state.cluster;
  }

  String name() {
    return state.cluster.getMetadata().getName();
  }

  Instant now() {
    return clock.get();
  }

  boolean accepted() {
    return state.cluster != null && state.cluster.getSpec().isHubAcceptsClient();
  }

  /** Returns true while nobody has accepted or denied the cluster yet. */
  boolean pending() {
    return !accepted() && state.decisions.isEmpty();
  }

  boolean deleting() {
    return state.cluster.getMetadata().getDeletionTimestamp() != null;
  }

  /** Sets a condition; returns true when it changed, which also moved the resourceVersion. */
  boolean setCondition(String type, String status, String reason, String message) {
    return setCondition(type, status, reason, message, now());
  }

  /** Sets a condition that changed at {@code at}, which may be earlier than now. */
  boolean setCondition(String type, String status, String reason, String message, Instant at) {
    boolean changed =
        Conditions.set(
            state.cluster.getStatus().getConditions(), type, status, reason, message, at, null);
    if (changed) {
      ObjectChanges.bump(state.cluster);
    }
    return changed;
  }

  void annotate(String key, String value) {
    Map<String, String> annotations = state.cluster.getMetadata().getAnnotations();
    if (annotations == null) {
      annotations = new HashMap<>();
      state.cluster.getMetadata().setAnnotations(annotations);
    }
    if (!value.equals(annotations.put(key, value))) {
      ObjectChanges.bump(state.cluster);
    }
  }

  /** Records an event; a repeat of the last one only counts up, as Kubernetes does. */
  void event(String type, String reason, String message) {
    String now = now().toString();
    List<ClusterEvent> events = state.events;
    if (!events.isEmpty()) {
      ClusterEvent last = events.get(events.size() - 1);
      if (last.reason().equals(reason) && last.message().equals(message)) {
        events.set(
            events.size() - 1,
            new ClusterEvent(type, reason, message, last.firstTime(), now, last.count() + 1));
        return;
      }
    }
    events.add(new ClusterEvent(type, reason, message, now, now, 1));
    if (events.size() > ClusterEvent.KEPT) {
      events.remove(0);
    }
  }

  /** Records what the agent reported of its cluster: version, capacity and claims. */
  void recordFacts(ClusterInfo info) {
    if (info == null) {
      return;
    }
    ManagedClusterStatus status = state.cluster.getStatus();
    status.setVersion(new ManagedClusterStatus.Version(info.kubernetesVersion()));
    status.setCapacity(info.capacity());
    status.setAllocatable(info.allocatable());
    status.setClusterClaims(ClusterClaims.ordered(info.claims()));
  }

  /**
   * The phase published as {@code FleetflowPhase}: Deleting, PendingApproval, Denied, Joining, or
   * what the Available condition says.
   */
  String phase() {
    if (deleting()) {
      return "Deleting";
    }
    if (!accepted()) {
      return state.decisions.isEmpty() ? "PendingApproval" : "Denied";
    }
    if (!state.joinConfirmed) {
      return "Joining";
    }
    return Conditions.find(state.cluster.getStatus().getConditions(), CONDITION_AVAILABLE)
        .map(
            c ->
                switch (c.getStatus()) {
                  case Conditions.TRUE -> "Available";
                  case Conditions.FALSE -> "Unavailable";
                  default -> "Unknown";
                })
        .orElse("Joining");
  }

  /** The cluster set the cluster names in its labels, or null. */
  static String setOf(ManagedCluster cluster) {
    Map<String, String> labels = cluster.getMetadata().getLabels();
    return labels == null ? null : labels.get(ManagedClusterSet.SET_LABEL);
  }

  static String annotationOf(ManagedCluster cluster, String key) {
    Map<String, String> annotations = cluster.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
