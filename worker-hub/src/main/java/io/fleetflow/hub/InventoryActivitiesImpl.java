package io.fleetflow.hub;

import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.SearchAttributeLimits;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Reads entities through Temporal's visibility: clusters carry their labels in the search attribute
 * {@code FleetflowClusterLabels}, so listing them needs no query of each workflow (except a cluster
 * whose labels did not fit the attribute, whose own workflow answers with all of them).
 */
@Component("inventoryActivities")
public class InventoryActivitiesImpl implements InventoryActivities {
  /** The phase a deleting object publishes; such an object no longer counts as existing. */
  static final String DELETING = "Deleting";

  private final EntityClient entities;

  public InventoryActivitiesImpl(EntityClient entities) {
    this.entities = entities;
  }

  @Override
  public List<ClusterLabels> clusters() {
    return entities.executions(Visibility.of(ClusterKinds.MANAGED_CLUSTER)).stream()
        .map(this::toClusterLabels)
        .toList();
  }

  @Override
  public boolean exists(String kind, String namespace, String name) {
    return entities.count(
            Visibility.ofKind(kind).named(name).notInPhase(DELETING).inNamespace(namespace))
        > 0;
  }

  @Override
  public int tellBindings(String set, boolean exists) {
    return entities.signalAll(
        ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING,
        Visibility.of(ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING).named(set),
        SET_CHANGED,
        exists);
  }

  private ClusterLabels toClusterLabels(WorkflowExecutionMetadata execution) {
    var attributes = execution.getTypedSearchAttributes();
    String name = attributes.get(FleetflowSearchAttributes.NAME);
    List<String> pairs = attributes.get(FleetflowSearchAttributes.CLUSTER_LABELS);
    if (pairs != null && pairs.contains(SearchAttributeLimits.TRUNCATED)) {
      // The attribute holds what fits Temporal's limit on one value; the cluster has more labels,
      // so its own workflow answers with all of them.
      Map<String, String> labels = labelsOf(execution.getExecution().getWorkflowId());
      if (labels != null) {
        return new ClusterLabels(name, new TreeMap<>(labels));
      }
    }
    Map<String, String> labels = new TreeMap<>();
    if (pairs != null) {
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          labels.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return new ClusterLabels(name, labels);
  }

  /** The labels a cluster's workflow holds, or null when it no longer answers. */
  private Map<String, String> labelsOf(String workflowId) {
    return entities
        .entity(ClusterKinds.MANAGED_CLUSTER, workflowId)
        .find()
        .map(ManagedCluster::getMetadata)
        .map(meta -> meta.getLabels() == null ? Map.<String, String>of() : meta.getLabels())
        .orElse(null);
  }
}
