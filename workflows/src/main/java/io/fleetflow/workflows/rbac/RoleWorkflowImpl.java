package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fleetflow.model.rbac.RbacKinds;
import io.temporal.workflow.WorkflowInit;

/** Implements {@link RoleWorkflow}. */
public class RoleWorkflowImpl extends RbacObjectWorkflowBase<Role> implements RoleWorkflow {
  private Role object;

  @WorkflowInit
  public RoleWorkflowImpl(Role carried) {
    super(RbacKinds.ROLE);
    this.object = carried;
  }

  @Override
  public void run(Role carried) {
    runLife(object);
  }

  @Override
  protected String describe(Role role) {
    return "**"
        + rules(role.getRules())
        + "** rules in namespace "
        + role.getMetadata().getNamespace();
  }

  @Override
  protected Role object() {
    return object;
  }

  @Override
  protected void object(Role object) {
    this.object = object;
  }

  private static String rules(java.util.List<?> rules) {
    return Integer.toString(rules == null ? 0 : rules.size());
  }
}
