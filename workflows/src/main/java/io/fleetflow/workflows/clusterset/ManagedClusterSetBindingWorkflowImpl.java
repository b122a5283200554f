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
  /**
   * The change that lets a binding wait for its set's notices ({@link #clusterSetChanged}) and
   * re-check only at the placements' safety-net pace; executions from before it look every 20 s.
   */
  static final String TOLD_BY_SET = "binding-told-by-set";

  private final PlacementNotices placementNotices = new PlacementNotices();
  private ManagedClusterSetBinding binding;

  /**
   * What the set last told, until a reconcile reads it: the notice is newer than a visibility
   * count, which may not show yet a set that was just created or marked for deletion.
   */
  private Boolean toldExists;

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
  public void clusterSetChanged(boolean exists) {
    toldExists = exists;
    changed();
  }

  @Override
  protected void reconcile(Instant now) {
    String set = binding.getSpec().getClusterSet();
    boolean exists;
    // The version check keeps a notice that a hub from before the change ignored (its workflow
    // task looked the set up instead) from changing that history when a newer hub replays it.
    if (toldExists != null
        && Workflow.getVersion(TOLD_BY_SET, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION) {
      exists = toldExists;
      toldExists = null;
    } else {
      exists =
          Inventory.stub("check that set " + set + " exists")
              .exists(ClusterSetKinds.MANAGED_CLUSTER_SET.kind(), null, set);
    }
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

  @Override
  protected Wake nextWake() {
    return quieterSince(
        TOLD_BY_SET,
        SAFETY_RESYNC,
        "re-check that set "
            + binding.getSpec().getClusterSet()
            + " exists (its creation and deletion wake it at once)");
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
