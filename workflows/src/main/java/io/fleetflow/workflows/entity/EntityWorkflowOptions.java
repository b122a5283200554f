package io.fleetflow.workflows.entity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;

/**
 * Builds the options that start an entity workflow, so that the gateway and the agent start the
 * same object the same way: the ID is the object's key, a second start joins the running workflow,
 * and a deleted object's key can be used again.
 */
public final class EntityWorkflowOptions {
  private EntityWorkflowOptions() {}

  /** Returns the options of the workflow of the named object. */
  public static WorkflowOptions forObject(
      ResourceKind<? extends HasMetadata> kind, String namespace, String name) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(FleetflowSearchAttributes.KIND, kind.kind())
            .set(FleetflowSearchAttributes.NAME, name);
    String summary = kind.kind() + " " + name;
    if (kind.namespaced()) {
      attributes.set(FleetflowSearchAttributes.NAMESPACE, namespace);
      summary = kind.kind() + " " + namespace + "/" + name;
    }
    return WorkflowOptions.newBuilder()
        .setWorkflowId(kind.workflowId(namespace, name))
        .setTaskQueue(EntityOperations.HUB_TASK_QUEUE)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(attributes.build())
        .setStaticSummary(summary)
        .setStaticDetails(
            "The "
                + kind.kind()
                + " `"
                + (kind.namespaced() ? namespace + "/" : "")
                + name
                + "` (`"
                + kind.apiVersion()
                + "`). Its state is the `get` query; `create`, `apply` and `delete` updates change"
                + " it, each with the requesting user.")
        .build();
  }

  /** The workflow type that serves a kind, by Fleetflow's naming rule {@code <Kind>Workflow}. */
  public static String workflowType(ResourceKind<? extends HasMetadata> kind) {
    return kind.kind() + "Workflow";
  }
}
