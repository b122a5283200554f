package io.fleetflow.workflows.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fleetflow.model.rbac.RbacKinds;
import io.temporal.workflow.WorkflowInit;

/** Implements {@link ClusterRoleWorkflow}. */
public class ClusterRoleWorkflowImpl extends RbacObjectWorkflowBase<ClusterRole>
    implements ClusterRoleWorkflow {
  private ClusterRole object;

  @WorkflowInit
  public ClusterRoleWorkflowImpl(ClusterRole carried) {
    super(RbacKinds.CLUSTER_ROLE);
    this.object = carried;
  }

  @Override
  public void run(ClusterRole carried) {
    runLife(object);
  }

  @Override
  protected String describe(ClusterRole role) {
    return "**" + rules(role.getRules()) + "** rules";
  }

  @Override
  protected ClusterRole object() {
    return object;
  }

  @Override
  protected void object(ClusterRole object) {
    this.object = object;
  }

  private static String rules(java.util.List<?> rules) {
    return Integer.toString(rules == null ? 0 : rules.size());
  }
}
