package io.fleetflow.model.placement;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What a Placement decided, in OCM's shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class PlacementStatus {
  private int numberOfSelectedClusters;
  private List<DecisionGroupStatus> decisionGroups = new ArrayList<>();
  private List<Condition> conditions = new ArrayList<>();

  public int getNumberOfSelectedClusters() {
    return numberOfSelectedClusters;
  }

  public void setNumberOfSelectedClusters(int numberOfSelectedClusters) {
    this.numberOfSelectedClusters = numberOfSelectedClusters;
  }

  public List<DecisionGroupStatus> getDecisionGroups() {
    return decisionGroups;
  }

  public void setDecisionGroups(List<DecisionGroupStatus> decisionGroups) {
    this.decisionGroups = decisionGroups;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /**
   * One decision group.
   *
   * @param decisionGroupIndex from 0
   * @param decisionGroupName the group's name, empty for groups made by count
   * @param decisions the names of the PlacementDecision objects that hold the group
   * @param clusterCount how many clusters the group holds
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DecisionGroupStatus(
      int decisionGroupIndex, String decisionGroupName, List<String> decisions, int clusterCount) {}
}
