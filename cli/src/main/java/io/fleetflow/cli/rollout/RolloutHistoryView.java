package io.fleetflow.cli.rollout;

import io.fleetflow.cli.output.TextTable;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Approval;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RevisionInfo;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.StageStatus;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code rollout history} as text: the revisions kept, each approval with who gave it, when, their
 * comment and the health of the finished stages they saw, and the rollout's events.
 */
public final class RolloutHistoryView {
  private RolloutHistoryView() {}

  /** Renders the history. */
  public static String render(RolloutHistory history) {
    StringBuilder text = new StringBuilder("REVISIONS\n");
    TextTable revisions = TextTable.withHeader("REVISION", "CREATED", "BY", "CAUSE");
    for (RevisionInfo revision : orEmpty(history.revisions())) {
      revisions.row(revision.revision(), revision.created(), revision.user(), revision.cause());
    }
    text.append(revisions.render());

    text.append("\nAPPROVALS\n");
    List<Approval> approvals = orEmpty(history.approvals());
    if (approvals.isEmpty()) {
      text.append("  none\n");
    }
    for (Approval approval : approvals) {
      text.append("  revision ")
          .append(approval.revision())
          .append(", stage ")
          .append(approval.stageName())
          .append(" of ")
          .append(approval.placement())
          .append(": approved by ")
          .append(approval.user())
          .append(" at ")
          .append(approval.time());
      if (approval.comment() != null && !approval.comment().isEmpty()) {
        text.append(" (\"").append(approval.comment()).append("\")");
      }
      text.append("\n    saw: ").append(seen(approval.finishedStages())).append('\n');
    }

    text.append("\nEVENTS\n");
    TextTable events = TextTable.withHeader("TIME", "REVISION", "EVENT", "BY", "MESSAGE");
    for (RolloutHistory.Event event : orEmpty(history.events())) {
      events.row(event.time(), event.revision(), event.type(), event.user(), event.message());
    }
    return text.append(events.render()).toString();
  }

  /** What an approver saw: {@code batch-1 3/3 succeeded, 0 failed, 0 timed out; ...}. */
  static String seen(List<StageStatus> finished) {
    if (finished == null || finished.isEmpty()) {
      return "no finished stage";
    }
    return finished.stream().map(StageStatus::describe).collect(Collectors.joining("; "));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
