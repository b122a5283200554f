package io.fleetflow.hub;

import io.fleetflow.activities.hub.InventoryActivities;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.SearchAttributeLimits;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryRejectedException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Reads entities through Temporal's visibility: clusters carry their labels in the search attribute
 * {@code FleetflowClusterLabels}, so listing them needs no query of each workflow. A cluster whose
 * labels do not fit one search attribute value ({@link SearchAttributeLimits#TRUNCATED}) is asked
 * for them with its {@code get} query.
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
        .map(this::toClusterLabels)
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
    try {
      ManagedCluster cluster =
          client
              .newUntypedWorkflowStub(workflowId)
              .query(EntityOperations.GET, ManagedCluster.class);
      return cluster.getMetadata().getLabels() == null
          ? Map.of()
          : cluster.getMetadata().getLabels();
    } catch (WorkflowNotFoundException | WorkflowQueryRejectedException e) {
      return null;
    }
  }
}
