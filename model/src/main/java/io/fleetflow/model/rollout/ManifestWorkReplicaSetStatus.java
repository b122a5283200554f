package io.fleetflow.model.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The observed state of a ManifestWorkReplicaSet in OCM's shape ({@code conditions}, {@code
 * summary}, {@code placementSummary}), plus Fleetflow's {@code rollout}: the revision being rolled
 * out, its stage, the gate being waited on, every cluster's state and the approvals given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ManifestWorkReplicaSetStatus {
  private List<Condition> conditions = new ArrayList<>();
  private Summary summary = Summary.EMPTY;
  private List<PlacementSummary> placementSummary = new ArrayList<>();
  private RolloutStatus rollout;

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

  public List<PlacementSummary> getPlacementSummary() {
    return placementSummary;
  }

  public void setPlacementSummary(List<PlacementSummary> placementSummary) {
    this.placementSummary = placementSummary;
  }

  public RolloutStatus getRollout() {
    return rollout;
  }

  public void setRollout(RolloutStatus rollout) {
    this.rollout = rollout;
  }

  /**
   * OCM's counts of the generated works at the current template, plus Fleetflow's {@code
   * desiredTotal} (clusters the placements select) and {@code updated} (clusters that succeeded at
   * the current revision), which OCM leaves out.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Summary(
      int total,
      int applied,
      int available,
      int progressing,
      int degraded,
      int desiredTotal,
      int updated) {
    public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * The counts of one placement.
   *
   * @param name the placement's name
   * @param availableDecisionGroups OCM's text, such as {@code 2 (4 / 6 clusters applied)}
   * @param summary the counts of this placement's clusters
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PlacementSummary(String name, String availableDecisionGroups, Summary summary) {}

  /**
   * Fleetflow's view of the rollout of the current template revision.
   *
   * @param revision the template revision being rolled out (1 for the first template)
   * @param phase Progressing, WaitingForApproval, Paused, Succeeded, Failed, Aborted or RolledBack
   * @param message why the rollout is in its phase, for a person
   * @param stages the stages of every placement, in order, with their counts
   * @param currentStage the name of the stage being rolled out, or null when none is
   * @param waitingGate the gate waiting for approval, or null
   * @param clusters every cluster's state
   * @param approvals the approvals given, newest last
   * @param revisions the template revisions kept, newest last
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RolloutStatus(
      long revision,
      String phase,
      String message,
      List<StageStatus> stages,
      String currentStage,
      GateStatus waitingGate,
      List<ClusterStatus> clusters,
      List<Approval> approvals,
      List<RevisionInfo> revisions) {}

  /** One stage of a placement's rollout with its clusters' counts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageStatus(
      String placement,
      int index,
      String name,
      int clusters,
      int succeeded,
      int applying,
      int failed,
      int timedOut,
      int waiting) {
    /**
     * The stage's health in one phrase, as an approval records what the approver saw: {@code
     * batch-1 3/3 succeeded, 0 failed, 0 timed out}.
     */
    public String describe() {
      return name
          + " "
          + succeeded
          + "/"
          + clusters
          + " succeeded, "
          + failed
          + " failed, "
          + timedOut
          + " timed out";
    }
  }

  /**
   * A gate waiting for a person.
   *
   * @param placement the placement whose stage waits
   * @param stage the index of the stage that starts on approval
   * @param stageName that stage's name
   * @param since when the gate opened
   * @param expiresAt when it expires, or null
   * @param onExpiry what happens then: Pause or Abort
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GateStatus(
      String placement,
      int stage,
      String stageName,
      String since,
      String expiresAt,
      String onExpiry) {}

  /**
   * One cluster's part in the rollout.
   *
   * @param cluster the cluster's name
   * @param placement the placement that selected it
   * @param stage the name of its stage
   * @param state waiting, applying, succeeded, failed, timedOut or rolledBack
   * @param revision the revision its work carries (0: none)
   * @param since when it entered the state
   * @param message the latest reason, for a person
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterStatus(
      String cluster,
      String placement,
      String stage,
      String state,
      long revision,
      String since,
      String message) {}

  /**
   * An approval, as the history keeps it: who, when, why, and what they saw.
   *
   * @param revision the revision being rolled out
   * @param placement the placement whose stage was approved
   * @param stage the index of the stage approved to start
   * @param stageName that stage's name
   * @param user who approved
   * @param time when
   * @param comment the comment they gave, or null
   * @param finishedStages the health of the finished stages when they approved
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Approval(
      long revision,
      String placement,
      int stage,
      String stageName,
      String user,
      String time,
      String comment,
      List<StageStatus> finishedStages) {}

  /**
   * A template revision that is kept and can be rolled back to.
   *
   * @param revision its number
   * @param created when it was first rolled out
   * @param user who made it
   * @param cause what made it: the first create, a change, or an undo to an earlier revision
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RevisionInfo(long revision, String created, String user, String cause) {}
}
