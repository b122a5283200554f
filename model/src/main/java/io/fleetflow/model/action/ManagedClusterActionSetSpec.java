package io.fleetflow.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;

/**
 * What a ManagedClusterActionSet runs where: the action template, the placement (in the set's
 * namespace) with its rollout strategy, and approval gates as a ManifestWorkReplicaSet has them
 * ({@code beforeFirstStage}, {@code betweenStages}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterActionSetSpec {
  private ManagedClusterActionSpec actionTemplate;
  private LocalPlacementReference placementRef;
  private ApprovalGates approvalGates;

  public ManagedClusterActionSpec getActionTemplate() {
    return actionTemplate;
  }

  public void setActionTemplate(ManagedClusterActionSpec actionTemplate) {
    this.actionTemplate = actionTemplate;
  }

  public LocalPlacementReference getPlacementRef() {
    return placementRef;
  }

  public void setPlacementRef(LocalPlacementReference placementRef) {
    this.placementRef = placementRef;
  }

  public ApprovalGates getApprovalGates() {
    return approvalGates;
  }

  public void setApprovalGates(ApprovalGates approvalGates) {
    this.approvalGates = approvalGates;
  }
}
