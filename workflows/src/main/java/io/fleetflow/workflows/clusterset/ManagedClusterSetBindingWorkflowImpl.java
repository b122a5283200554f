package io.fleetflow.workflows.clusterset;

import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ClusterSetStatus;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.placement.PlacementNotices;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;

/** Implements {@link ManagedClusterSetBindingWorkflow}. */
public class ManagedClusterSetBindingWorkflowImpl
    extends ReconciledEntityWorkflow<ManagedClusterSetBinding>
    implements ManagedClusterSetBindingWorkflow {
  private final PlacementNotices placementNotices = new PlacementNotices();
  private ManagedClusterSetBinding binding;

  @WorkflowInit
  public ManagedClusterSetBindingWorkflowImpl(ManagedClusterSetBinding carried) {
    super(
        ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING,
        object -> object.setStatus(new ClusterSetStatus()));
    this.binding = carried;
  }

  @Override
  public void run(ManagedClusterSetBinding carried) {
    runLife(binding);
  }

  @Override
  protected void reconcile(Instant now) {
    String set = binding.getSpec().getClusterSet();
    boolean exists =
        Inventory.stub("check that set " + set + " exists")
            .exists(ClusterSetKinds.MANAGED_CLUSTER_SET.kind(), null, set);
    setCondition(
        binding.getStatus().getConditions(),
        ManagedClusterSetBinding.CONDITION_BOUND,
        exists ? Conditions.TRUE : Conditions.FALSE,
        exists ? "ClusterSetBound" : "ClusterSetNotFound",
        exists
            ? "The placements of namespace "
                + binding.getMetadata().getNamespace()
                + " may select the clusters of set "
                + set
            : "ManagedClusterSet " + set + " does not exist; create it or remove this binding");
    Workflow.setCurrentDetails(
        "**"
            + binding.getMetadata().getNamespace()
            + "** "
            + (exists ? "binds" : "waits for")
            + " set **"
            + set
            + "**");
  }

  /** Placements re-schedule when the binding changes. */
  @Override
  protected void afterReconcile() {
    placementNotices.afterChange(
        "ManagedClusterSetBinding " + binding.getMetadata().getName(), binding);
  }

  @Override
  protected ManagedClusterSetBinding object() {
    return binding;
  }

  @Override
  protected void object(ManagedClusterSetBinding object) {
    this.binding = object;
  }
}
