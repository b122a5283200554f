package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Talks to the ManifestWork workflows on behalf of ManifestWorkReplicaSet workflows. */
@Component("generatedWorkActivities")
public class GeneratedWorkActivitiesImpl implements GeneratedWorkActivities {
  private final WorkflowClient client;

  public GeneratedWorkActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public AppliedWork apply(GeneratedWork generated) {
    String id = Kinds.MANIFEST_WORK.workflowId(generated.cluster(), generated.name());
    ManifestWork current = read(id);
    ManifestWork desired = toWork(generated);
    try {
      if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
        ManifestWork created =
            client
                .newUntypedWorkflowStub(
                    EntityWorkflowOptions.workflowType(Kinds.MANIFEST_WORK),
                    EntityWorkflowOptions.forObject(
                        Kinds.MANIFEST_WORK, generated.cluster(), generated.name()))
                .executeUpdateWithStart(
                    UpdateOptions.newBuilder(ManifestWork.class)
                        .setUpdateName(EntityOperations.CREATE)
                        .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                        .build(),
                    new Object[] {desired, generated.actor()},
                    new Object[] {null});
        return result(created, true);
      }
      String carried =
          current.getMetadata().getAnnotations() == null
              ? null
              : current
                  .getMetadata()
                  .getAnnotations()
                  .get(ManifestWorkReplicaSet.REVISION_ANNOTATION);
      if (Objects.equals(carried, Long.toString(generated.revision()))) {
        return result(current, false);
      }
      ManifestWork changed =
          client
              .newUntypedWorkflowStub(id)
              .update(EntityOperations.APPLY, ManifestWork.class, desired, generated.actor());
      return result(changed, true);
    } catch (WorkflowUpdateException e) {
      String message =
          EntityFailures.find(e)
              .map(EntityFailures::messageOf)
              .orElse(String.valueOf(e.getCause()));
      // An earlier copy that is still being deleted refuses both create and apply; the retry
      // policy tries again until its deletion finished.
      throw ApplicationFailure.newFailureWithCause(
          "ManifestWork " + generated.cluster() + "/" + generated.name() + ": " + message,
          "GeneratedWorkRefused",
          e);
    }
  }

  @Override
  public boolean delete(String cluster, String name, Actor actor) {
    String id = Kinds.MANIFEST_WORK.workflowId(cluster, name);
    if (!running(id)) {
      return false;
    }
    try {
      client.newUntypedWorkflowStub(id).update(EntityOperations.DELETE, ManifestWork.class, actor);
      return true;
    } catch (WorkflowUpdateException e) {
      if (EntityFailures.find(e)
          .map(f -> EntityFailures.NOT_FOUND.equals(f.getType()))
          .orElse(false)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean gone(String cluster, String name) {
    return !running(Kinds.MANIFEST_WORK.workflowId(cluster, name));
  }

  private boolean running(String workflowId) {
    try {
      var description =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
      return description.getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private ManifestWork read(String workflowId) {
    if (!running(workflowId)) {
      return null;
    }
    try {
      return client
          .newUntypedWorkflowStub(workflowId)
          .query(EntityOperations.GET, ManifestWork.class);
    } catch (WorkflowNotFoundException | WorkflowQueryRejectedException e) {
      return null;
    }
  }

  private static ManifestWork toWork(GeneratedWork generated) {
    ManifestWork work = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(generated.cluster());
    meta.setName(generated.name());
    meta.setLabels(new HashMap<>(generated.labels()));
    Map<String, String> annotations = new HashMap<>(generated.annotations());
    annotations.put(
        ManifestWorkReplicaSet.REVISION_ANNOTATION, Long.toString(generated.revision()));
    meta.setAnnotations(annotations);
    work.setMetadata(meta);
    work.setSpec(generated.spec());
    return work;
  }

  private static AppliedWork result(ManifestWork work, boolean changed) {
    return new AppliedWork(
        work.getMetadata().getGeneration(),
        work.getStatus() == null ? List.of() : work.getStatus().getConditions(),
        changed);
  }
}
