package io.fleetflow.cli.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Approval;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RevisionInfo;
import java.util.List;

/**
 * What {@code GET .../manifestworkreplicasets/NAME/history} answers, as the CLI reads it: every
 * revision kept, every approval with what the approver saw, and the rollout's events, oldest first.
 * The hub's side of this wire shape is the workflow's {@code RolloutHistory} query result; the CLI
 * reads it without depending on the workflows.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutHistory(
    List<RevisionInfo> revisions, List<Approval> approvals, List<Event> events) {

  /**
   * One entry of the history.
   *
   * @param time when, in ISO-8601
   * @param revision the revision being rolled out then
   * @param type what happened, such as {@code GateApproved}
   * @param user who did it, or {@code system:fleetflow:rollout}
   * @param message the details, for a person
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Event(String time, long revision, String type, String user, String message) {}
}
