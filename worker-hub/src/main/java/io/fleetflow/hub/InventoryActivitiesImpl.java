package io.fleetflow.hub;

import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.temporal.client.WorkflowClient;
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
  private final WorkflowClient client;

  public InventoryActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public List<ClusterLabels> clusters() {
    return client
        .listExecutions(
            FleetflowSearchAttributes.KIND.getName()
                + " = 'ManagedCluster' AND ExecutionStatus = 'Running'")
        .map(InventoryActivitiesImpl::toClusterLabels)
        .toList();
  }

  @Override
  public boolean exists(String kind, String namespace, String name) {
    String query =
        FleetflowSearchAttributes.KIND.getName()
            + " = '"
            + kind
            + "' AND "
            + FleetflowSearchAttributes.NAME.getName()
            + " = '"
            + name
            + "' AND ExecutionStatus = 'Running' AND "
            + FleetflowSearchAttributes.PHASE.getName()
            + " != 'Deleting'"
            + (namespace == null
                ? ""
                : " AND "
                    + FleetflowSearchAttributes.NAMESPACE.getName()
                    + " = '"
                    + namespace
                    + "'");
    return client.countWorkflows(query).getCount() > 0;
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
