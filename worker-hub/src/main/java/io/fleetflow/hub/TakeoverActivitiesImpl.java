package io.fleetflow.hub;

import io.fleetflow.activities.hub.TakeoverActivities;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.work.ManifestWorkWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads and notifies other entities for takeover: the profile through its {@code get} Query, the
 * clusters through visibility plus a Signal each, a cluster's ManifestWorks through visibility plus
 * {@code get}, and their deletion through their {@code delete} Update.
 */
@Component("takeoverActivities")
public class TakeoverActivitiesImpl implements TakeoverActivities {
  /** OCM's annotation that orders the deletion of a cluster's ManifestWorks. */
  static final String CLEANUP_PRIORITY = "open-cluster-management.io/cleanup-priority";

  private static final Logger log = LoggerFactory.getLogger(TakeoverActivitiesImpl.class);
  private final WorkflowClient client;

  public TakeoverActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public ClusterTakeoverProfile profile(String name) {
    try {
      ClusterTakeoverProfile profile =
          client
              .newUntypedWorkflowStub(Kinds.CLUSTER_TAKEOVER_PROFILE.workflowId(null, name))
              .query(EntityOperations.GET, ClusterTakeoverProfile.class);
      return profile == null || profile.getMetadata().getDeletionTimestamp() != null
          ? null
          : profile;
    } catch (WorkflowNotFoundException | WorkflowQueryRejectedException e) {
      return null;
    }
  }

  @Override
  public int notifyClusters(long generation) {
    List<String> ids =
        client
            .listExecutions(
                FleetflowSearchAttributes.KIND.getName()
                    + " = 'ManagedCluster' AND ExecutionStatus = 'Running'")
            .map(e -> e.getExecution().getWorkflowId())
            .toList();
    int told = 0;
    for (String id : ids) {
      try {
        client.newWorkflowStub(ManagedClusterWorkflow.class, id).takeoverProfileChanged(generation);
        told++;
      } catch (WorkflowNotFoundException e) {
        // The cluster was removed since the listing; it has nothing to install.
      }
    }
    return told;
  }

  @Override
  public List<WorkRef> manifestWorks(String cluster) {
    return client
        .listExecutions(
            FleetflowSearchAttributes.KIND.getName()
                + " = 'ManifestWork' AND "
                + FleetflowSearchAttributes.NAMESPACE.getName()
                + " = '"
                + cluster.replace("'", "")
                + "' AND ExecutionStatus = 'Running'")
        .map(WorkflowExecutionMetadata::getExecution)
        .map(e -> read(e.getWorkflowId()))
        .filter(Objects::nonNull)
        .map(
            w ->
                new WorkRef(
                    w.getMetadata().getName(),
                    priority(w.getMetadata().getAnnotations()),
                    w.getMetadata().getDeletionTimestamp() != null))
        .toList();
  }

  @Override
  public void deleteManifestWork(String cluster, String name, Actor actor) {
    try {
      client
          .newUntypedWorkflowStub(Kinds.MANIFEST_WORK.workflowId(cluster, name))
          .update(EntityOperations.DELETE, ManifestWork.class, actor);
    } catch (WorkflowNotFoundException e) {
      log.info("ManifestWork {}/{} is already gone", cluster, name);
    } catch (WorkflowUpdateException e) {
      if (EntityFailures.find(e).isEmpty()) {
        throw e;
      }
      log.info("ManifestWork {}/{} refused deletion: {}", cluster, name, e.getMessage());
    }
  }

  @Override
  public void orphanManifestWork(String cluster, String name, String reason, Actor actor) {
    try {
      client
          .newWorkflowStub(
              ManifestWorkWorkflow.class, Kinds.MANIFEST_WORK.workflowId(cluster, name))
          .orphanForRelease(reason, actor);
    } catch (WorkflowNotFoundException e) {
      log.info("ManifestWork {}/{} is already gone", cluster, name);
    } catch (WorkflowUpdateException e) {
      if (EntityFailures.find(e).isEmpty()
          && !(e.getCause() instanceof WorkflowNotFoundException)) {
        throw e;
      }
      log.info(
          "ManifestWork {}/{} ended before it was told to orphan: {}",
          cluster,
          name,
          e.getMessage());
    }
  }

  private ManifestWork read(String workflowId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId)
          .query(EntityOperations.GET, ManifestWork.class);
    } catch (WorkflowNotFoundException | WorkflowQueryRejectedException e) {
      return null;
    } catch (WorkflowException e) {
      return null;
    }
  }

  /** OCM's rule: 0 to 100, lowest first; unset or invalid values go before all others. */
  static int priority(Map<String, String> annotations) {
    String value = annotations == null ? null : annotations.get(CLEANUP_PRIORITY);
    if (value == null) {
      return -1;
    }
    try {
      int priority = Integer.parseInt(value.trim());
      return priority < 0 || priority > 100 ? -1 : priority;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
