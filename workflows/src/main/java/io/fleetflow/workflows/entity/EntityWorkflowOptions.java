package io.fleetflow.workflows.entity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.Priority;
import io.temporal.common.SearchAttributes;

/**
 * Builds the options that start an entity workflow, so that the gateway and the agent start the
 * same object the same way: the ID is the object's key, a second start joins the running workflow,
 * and a deleted object's key can be used again.
 */
public final class EntityWorkflowOptions {
  /**
   * The priority of objects the hub generates in bulk (a rollout's ManifestWorks): below Temporal's
   * default (3 of 5), which everything a person or an agent starts runs at. Their workflow tasks,
   * and the activities they schedule on the agents' queues, inherit it, so a work created by hand
   * during a rollout to a thousand clusters is served before the rollout's backlog rather than
   * behind it; the rollout still gets every slot that nothing else wants.
   */
  public static final Priority GENERATED = Priority.newBuilder().setPriorityKey(4).build();

  private EntityWorkflowOptions() {}

  /** Returns the options of the workflow of the named object, at the default priority. */
  public static WorkflowOptions forObject(
      ResourceKind<? extends HasMetadata> kind, String namespace, String name) {
    return forObject(kind, namespace, name, null);
  }

  /**
   * Returns the options of the workflow of the named object.
   *
   * @param priority the priority its tasks run at, or null for Temporal's default
   */
  public static WorkflowOptions forObject(
      ResourceKind<? extends HasMetadata> kind, String namespace, String name, Priority priority) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(FleetflowSearchAttributes.KIND, kind.kind())
            .set(FleetflowSearchAttributes.NAME, name);
    String summary = kind.kind() + " " + name;
    if (kind.namespaced()) {
      attributes.set(FleetflowSearchAttributes.NAMESPACE, namespace);
      summary = kind.kind() + " " + namespace + "/" + name;
    }
    WorkflowOptions.Builder options = WorkflowOptions.newBuilder();
    if (priority != null) {
      options.setPriority(priority);
    }
    return options
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
