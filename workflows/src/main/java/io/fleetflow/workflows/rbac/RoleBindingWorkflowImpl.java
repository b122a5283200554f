package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fleetflow.model.rbac.RbacKinds;
import io.temporal.workflow.WorkflowInit;

/** Implements {@link RoleBindingWorkflow}. */
public class RoleBindingWorkflowImpl extends RbacObjectWorkflowBase<RoleBinding>
    implements RoleBindingWorkflow {
  private RoleBinding object;

  @WorkflowInit
  public RoleBindingWorkflowImpl(RoleBinding carried) {
    super(RbacKinds.ROLE_BINDING);
    this.object = carried;
  }

  @Override
  public void run(RoleBinding carried) {
    runLife(object);
  }

  @Override
  protected String describe(RoleBinding role) {
    return "grants **"
        + role.getRoleRef().getKind()
        + " "
        + role.getRoleRef().getName()
        + "** to "
        + subjects(role.getSubjects())
        + " in namespace "
        + role.getMetadata().getNamespace();
  }

  @Override
  protected RoleBinding object() {
    return object;
  }

  @Override
  protected void object(RoleBinding object) {
    this.object = object;
  }

  private static String subjects(
      java.util.List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects) {
    return subjects == null || subjects.isEmpty()
        ? "nobody"
        : String.join(", ", subjects.stream().map(s -> s.getKind() + " " + s.getName()).toList());
  }
}
