package io.fleetflow.e2e.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetflow.e2e.support.RawHttp;
import io.fleetflow.e2e.support.RawHttp.Request;
import io.fleetflow.e2e.support.RawHttp.Response;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One object of every kind the gateway serves, created through the gateway, and what a refused
 * request must leave as it was: each object's client-owned fields (uid, generation, labels,
 * annotations, spec, deletion) and the number of updates its workflow ever accepted. The hub may
 * change an object's status (and with it its resourceVersion) on its own; an accepted update only a
 * request can cause.
 */
final class FuzzFixtures {
  /** An object the fuzz tier aims at: where it lives, its workflow, and a valid body for it. */
  record Fixture(
      String kind,
      String collection,
      String name,
      String workflowId,
      String body,
      boolean writable) {
    String path() {
      return collection + "/" + name;
    }
  }

  static final String NAMESPACE = "fuzz";
  static final String CLUSTER = "fuzz-c1";

  static final List<Fixture> ALL =
      List.of(
          new Fixture(
              "ManagedCluster",
              "/apis/cluster.open-cluster-management.io/v1/managedclusters",
              CLUSTER,
              "ManagedCluster/" + CLUSTER,
              """
              {"apiVersion": "cluster.open-cluster-management.io/v1", "kind": "ManagedCluster",
               "metadata": {"name": "%s", "labels": {"env": "fuzz"}},
               "spec": {"hubAcceptsClient": false, "leaseDurationSeconds": 60}}"""
                  .formatted(CLUSTER),
              true),
          new Fixture(
              "ManagedClusterSet",
              "/apis/cluster.open-cluster-management.io/v1beta2/managedclustersets",
              "fuzz-set",
              "ManagedClusterSet/fuzz-set",
              """
              {"apiVersion": "cluster.open-cluster-management.io/v1beta2",
               "kind": "ManagedClusterSet", "metadata": {"name": "fuzz-set"},
               "spec": {"clusterSelector": {"selectorType": "ExclusiveClusterSetLabel"}}}""",
              true),
          new Fixture(
              "ManagedClusterSetBinding",
              "/apis/cluster.open-cluster-management.io/v1beta2/namespaces/fuzz/managedclustersetbindings",
              "fuzz-set",
              "ManagedClusterSetBinding/fuzz/fuzz-set",
              """
              {"apiVersion": "cluster.open-cluster-management.io/v1beta2",
               "kind": "ManagedClusterSetBinding",
               "metadata": {"name": "fuzz-set", "namespace": "fuzz"},
               "spec": {"clusterSet": "fuzz-set"}}""",
              true),
          new Fixture(
              "Placement",
              "/apis/cluster.open-cluster-management.io/v1beta1/namespaces/fuzz/placements",
              "p1",
              "Placement/fuzz/p1",
              """
              {"apiVersion": "cluster.open-cluster-management.io/v1beta1", "kind": "Placement",
               "metadata": {"name": "p1", "namespace": "fuzz"},
               "spec": {"clusterSets": ["fuzz-set"], "numberOfClusters": 1,
                        "predicates": [{"requiredClusterSelector": {"labelSelector":
                          {"matchLabels": {"env": "fuzz"}}}}]}}""",
              true),
          new Fixture(
              "PlacementDecision",
              "/apis/cluster.open-cluster-management.io/v1beta1/namespaces/fuzz/placementdecisions",
              "p1-decision-1",
              null,
              """
              {"apiVersion": "cluster.open-cluster-management.io/v1beta1",
               "kind": "PlacementDecision",
               "metadata": {"name": "p1-decision-1", "namespace": "fuzz"},
               "status": {"decisions": []}}""",
              false),
          new Fixture(
              "AddOnPlacementScore",
              "/apis/cluster.open-cluster-management.io/v1alpha1/namespaces/fuzz-c1/addonplacementscores",
              "s1",
              "AddOnPlacementScore/fuzz-c1/s1",
              """
              {"apiVersion": "cluster.open-cluster-management.io/v1alpha1",
               "kind": "AddOnPlacementScore", "metadata": {"name": "s1", "namespace": "fuzz-c1"},
               "status": {"scores": [{"name": "cpu", "value": 10}]}}""",
              true),
          new Fixture(
              "ManifestWork",
              "/apis/work.open-cluster-management.io/v1/namespaces/fuzz-c1/manifestworks",
              "w1",
              "ManifestWork/fuzz-c1/w1",
              """
              {"apiVersion": "work.open-cluster-management.io/v1", "kind": "ManifestWork",
               "metadata": {"name": "w1", "namespace": "fuzz-c1", "labels": {"app": "fuzz"}},
               "spec": {"workload": {"manifests": [{"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "fuzz", "namespace": "default"},
                 "data": {"key": "value"}}]}}}""",
              true),
          new Fixture(
              "ManifestWorkReplicaSet",
              "/apis/work.open-cluster-management.io/v1alpha1/namespaces/fuzz/manifestworkreplicasets",
              "r1",
              "ManifestWorkReplicaSet/fuzz/r1",
              """
              {"apiVersion": "work.open-cluster-management.io/v1alpha1",
               "kind": "ManifestWorkReplicaSet", "metadata": {"name": "r1", "namespace": "fuzz"},
               "spec": {"placementRefs": [{"name": "p1", "rolloutStrategy": {"type": "All"}}],
                        "manifestWorkTemplate": {"workload": {"manifests": [
                          {"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": "fuzz", "namespace": "default"},
                           "data": {"key": "value"}}]}}}}""",
              true),
          new Fixture(
              "ClusterTakeoverProfile",
              "/apis/fleetflow.io/v1alpha1/clustertakeoverprofiles",
              "fuzz-profile",
              "ClusterTakeoverProfile/fuzz-profile",
              """
              {"apiVersion": "fleetflow.io/v1alpha1", "kind": "ClusterTakeoverProfile",
               "metadata": {"name": "fuzz-profile"},
               "spec": {"resources": [{"apiVersion": "v1", "kind": "Namespace",
                                       "metadata": {"name": "fuzz-addons"}}]}}""",
              true));

  private FuzzFixtures() {}

  /** Creates every writable fixture through the gateway; fails unless each is created. */
  static void create(RawHttp admin) {
    for (Fixture fixture : ALL) {
      if (!fixture.writable()) {
        continue;
      }
      Response created =
          admin.send(
              new Request("POST", fixture.collection()).body("application/json", fixture.body()));
      if (created.status() != 201) {
        throw new IllegalStateException(
            "cannot create the fixture " + fixture.path() + ": " + created.text());
      }
    }
  }

  /**
   * What a refused request may not change: the client-owned fields of the object it aimed at, the
   * updates every fixture's workflow accepted, and how many workflows run (a refused create starts
   * none). A workflow whose history did not grow accepted nothing, so only grown histories are read
   * again.
   */
  record Snapshot(
      Map<String, String> objects,
      Map<String, Long> historyLengths,
      Map<String, Long> acceptedUpdates,
      long runningWorkflows) {
    /** Describes how {@code after} differs from this snapshot, empty when it does not. */
    String difference(Snapshot after) {
      StringBuilder differences = new StringBuilder();
      objects.forEach(
          (path, before) -> {
            if (!Objects.equals(before, after.objects().get(path))) {
              differences
                  .append(path)
                  .append(" changed:\n  before ")
                  .append(before)
                  .append("\n  after  ")
                  .append(after.objects().get(path))
                  .append('\n');
            }
          });
      acceptedUpdates.forEach(
          (id, before) -> {
            if (!Objects.equals(before, after.acceptedUpdates().get(id))) {
              differences
                  .append(id)
                  .append(" accepted ")
                  .append(after.acceptedUpdates().get(id) - before)
                  .append(" more update(s)\n");
            }
          });
      if (runningWorkflows != after.runningWorkflows()) {
        differences
            .append(after.runningWorkflows() - runningWorkflows)
            .append(" more workflow(s) running\n");
      }
      return differences.toString();
    }
  }

  /**
   * Reads the aimed-at fixture through the gateway, and every fixture's workflow from Temporal: all
   * of it when {@code before} is null, else only the histories that grew since.
   */
  static Snapshot snapshot(
      RawHttp admin, WorkflowClient temporal, Fixture target, Snapshot before) {
    Map<String, String> objects = new LinkedHashMap<>();
    Response response = admin.send(new Request("GET", target.path()));
    objects.put(target.path(), response.status() + " " + clientOwned(response.json()));
    Map<String, Long> lengths = new LinkedHashMap<>();
    Map<String, Long> updates = new LinkedHashMap<>();
    for (Fixture fixture : ALL) {
      String id = fixture.workflowId();
      if (id == null) {
        continue;
      }
      long length = temporal.newUntypedWorkflowStub(id).describe().getHistoryLength();
      lengths.put(id, length);
      if (before != null && Objects.equals(before.historyLengths().get(id), length)) {
        updates.put(id, before.acceptedUpdates().get(id));
      } else {
        updates.put(
            id,
            temporal.fetchHistory(id).getEvents().stream()
                .filter(
                    e ->
                        e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                .count());
      }
    }
    long running = temporal.countWorkflows("ExecutionStatus = 'Running'").getCount();
    return new Snapshot(objects, lengths, updates, running);
  }

  /** The parts of an object only a client's request changes. */
  private static String clientOwned(JsonNode object) {
    if (object == null || !object.isObject() || "Status".equals(object.path("kind").asText())) {
      return String.valueOf(object);
    }
    ObjectNode kept = ((ObjectNode) object).objectNode();
    JsonNode meta = object.path("metadata");
    for (String field :
        List.of("uid", "generation", "labels", "annotations", "deletionTimestamp")) {
      if (meta.has(field)) {
        kept.set(field, meta.get(field));
      }
    }
    if (object.has("spec")) {
      kept.set("spec", object.get("spec"));
    }
    return kept.toString();
  }
}
