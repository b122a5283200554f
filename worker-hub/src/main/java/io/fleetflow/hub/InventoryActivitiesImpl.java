package io.fleetflow.hub;

import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.Visibility;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Reads entities through Temporal's visibility: clusters carry their labels in the search attribute
 * {@code FleetflowClusterLabels}, so listing them needs no query of each workflow.
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
        .map(InventoryActivitiesImpl::toClusterLabels)
        .toList();
  }

  @Override
  public boolean exists(String kind, String namespace, String name) {
    return entities.count(
            Visibility.ofKind(kind).named(name).notInPhase(DELETING).inNamespace(namespace))
        > 0;
  }

  private static ClusterLabels toClusterLabels(WorkflowExecutionMetadata execution) {
    var attributes = execution.getTypedSearchAttributes();
    Map<String, String> labels = new TreeMap<>();
    List<String> pairs = attributes.get(FleetflowSearchAttributes.CLUSTER_LABELS);
    if (pairs != null) {
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        labels.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new ClusterLabels(attributes.get(FleetflowSearchAttributes.NAME), labels);
  }
}
