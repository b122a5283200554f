package io.fleetflow.workflows.clusterset;

import io.fleetflow.activities.hub.InventoryActivities.ClusterLabels;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.clusterset.ClusterSetMembership;
import io.fleetflow.model.clusterset.ClusterSetStatus;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.placement.PlacementNotices;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Implements {@link ManagedClusterSetWorkflow}. */
public class ManagedClusterSetWorkflowImpl extends ReconciledEntityWorkflow<ManagedClusterSet>
    implements ManagedClusterSetWorkflow {
  /**
   * The change that makes an idle set re-check its members at the placements' safety-net pace
   * instead of every {@link #RESYNC}: every cluster change that can move a member (acceptance,
   * labels, deletion) already tells the sets ({@code clustersChanged}), so the 20 s re-check listed
   * the whole fleet only to find nothing new. Executions from before it re-check every 20 s.
   */
  static final String RESYNC_WITH_PLACEMENTS = "set-resync-with-placements";

  private final PlacementNotices placementNotices = new PlacementNotices();
  private final BindingNotices bindingNotices = new BindingNotices();
  private ManagedClusterSet set;

  @WorkflowInit
  public ManagedClusterSetWorkflowImpl(ManagedClusterSet carried) {
    super(ClusterSetKinds.MANAGED_CLUSTER_SET, object -> object.setStatus(new ClusterSetStatus()));
    this.set = carried;
  }

  @Override
  public void run(ManagedClusterSet carried) {
    runLife(set);
  }

  @Override
  public void clustersChanged(String reason) {
    changed();
  }

  /** Returns the members of a set among the given clusters, by OCM's selector rules. */
  static List<String> members(ManagedClusterSet set, List<ClusterLabels> clusters) {
    Map<String, Map<String, String>> labels = new HashMap<>();
    clusters.forEach(c -> labels.put(c.name(), c.labels()));
    return ClusterSetMembership.members(set, labels);
  }

  @Override
  protected void reconcile(Instant now) {
    List<String> members =
        members(set, Inventory.stub("list the clusters of set " + name()).clusters());
    String shown =
        members.size() <= 10
            ? String.join(", ", members)
            : String.join(", ", members.subList(0, 10)) + ", ...";
    setCondition(
        set.getStatus().getConditions(),
        ManagedClusterSet.CONDITION_EMPTY,
        members.isEmpty() ? Conditions.TRUE : Conditions.FALSE,
        members.isEmpty() ? "NoClusterMatched" : "ClustersSelected",
        members.isEmpty()
            ? "No ManagedCluster selected"
            : members.size() + " ManagedClusters selected: " + shown);
    Workflow.setCurrentDetails(
        "**"
            + name()
            + "** ("
            + set.getSpec().selectorType()
            + ") has "
            + members.size()
            + " clusters"
            + (members.isEmpty() ? "" : ": " + shown));
  }

  @Override
  protected Wake nextWake() {
    return quieterSince(
        RESYNC_WITH_PLACEMENTS,
        SAFETY_RESYNC,
        "re-check the members of set " + name() + " (cluster changes wake it at once)");
  }

  /** Placements re-schedule when the set changes; its bindings hear when it comes and goes. */
  @Override
  protected void afterReconcile() {
    placementNotices.afterChange("ManagedClusterSet " + set.getMetadata().getName(), set);
    bindingNotices.afterReconcile(set);
  }

  @Override
  protected ManagedClusterSet object() {
    return set;
  }

  @Override
  protected void object(ManagedClusterSet object) {
    this.set = object;
  }

  private String name() {
    return set.getMetadata().getName();
  }
}
