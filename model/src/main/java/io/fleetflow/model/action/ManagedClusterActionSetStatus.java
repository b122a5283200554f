package io.fleetflow.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** How a ManagedClusterActionSet goes: the counts, each cluster, and the stage that waits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManagedClusterActionSetStatus {
  private List<Condition> conditions = new ArrayList<>();
  private Summary summary = new Summary(0, 0, 0, 0, 0);
  private List<ClusterAction> clusters = new ArrayList<>();
  private String waitingGate;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Summary getSummary() {
    return summary;
  }

  public void setSummary(Summary summary) {
    this.summary = summary;
  }

  public List<ClusterAction> getClusters() {
    return clusters;
  }

  public void setClusters(List<ClusterAction> clusters) {
    this.clusters = clusters;
  }

  /** The stage that waits for an approver, or null. */
  public String getWaitingGate() {
    return waitingGate;
  }

  public void setWaitingGate(String waitingGate) {
    this.waitingGate = waitingGate;
  }

  /**
   * The clusters by how their action stands.
   *
   * @param total every selected cluster
   * @param done the actions that completed True
   * @param failed the actions that completed False (or timed out)
   * @param running the actions started and not completed
   * @param waiting the clusters whose action has not started
   */
  public record Summary(int total, int done, int failed, int running, int waiting) {}

  /**
   * One cluster's action.
   *
   * @param cluster the cluster
   * @param state waiting, applying (running), succeeded, failed or timedOut
   * @param reason the action's Completed reason, once it completed
   * @param message the same in words
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterAction(String cluster, String state, String reason, String message) {}
}
