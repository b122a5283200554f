package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fleetflow.model.rbac.RbacKinds;
import io.temporal.workflow.WorkflowInit;

/** Implements {@link ClusterRoleBindingWorkflow}. */
public class ClusterRoleBindingWorkflowImpl extends RbacObjectWorkflowBase<ClusterRoleBinding>
    implements ClusterRoleBindingWorkflow {
  private ClusterRoleBinding object;

  @WorkflowInit
  public ClusterRoleBindingWorkflowImpl(ClusterRoleBinding carried) {
    super(RbacKinds.CLUSTER_ROLE_BINDING);
    this.object = carried;
  }

  @Override
  public void run(ClusterRoleBinding carried) {
    runLife(object);
  }

  @Override
  protected String describe(ClusterRoleBinding role) {
    return "grants **"
        + role.getRoleRef().getKind()
        + " "
        + role.getRoleRef().getName()
        + "** to "
        + subjects(role.getSubjects());
  }

  @Override
  protected ClusterRoleBinding object() {
    return object;
  }

  @Override
  protected void object(ClusterRoleBinding object) {
    this.object = object;
  }

  private static String subjects(
      java.util.List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects) {
    return subjects == null || subjects.isEmpty()
        ? "nobody"
        : String.join(", ", subjects.stream().map(s -> s.getKind() + " " + s.getName()).toList());
  }
}
