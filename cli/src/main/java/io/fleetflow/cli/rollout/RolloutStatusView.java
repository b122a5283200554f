package io.fleetflow.cli.rollout;

import io.fleetflow.cli.output.TextTable;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.ClusterStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.StageStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Summary;
import java.util.List;
import java.util.Set;

/**
 * {@code rollout status} as text: the revision and phase, a progress bar of the clusters updated,
 * the gate waiting for approval (with the command that approves it), the per-stage table and the
 * clusters that failed or timed out.
 */
public final class RolloutStatusView {
  static final int BAR_WIDTH = 30;

  /** The phases in which the rollout has nothing more to do by itself; a watch ends there. */
  private static final Set<String> FINAL_PHASES =
      Set.of("Succeeded", "Aborted", "RolledBack", "Failed");

  private RolloutStatusView() {}

  /** Returns true when the rollout has nothing more to do until someone changes it. */
  public static boolean isFinal(ManifestWorkReplicaSet set) {
    RolloutStatus rollout = rollout(set);
    return rollout != null && FINAL_PHASES.contains(rollout.phase());
  }

  /**
   * Renders the status.
   *
   * @param set the ManifestWorkReplicaSet as the gateway serves it
   * @param command how the reader runs this CLI ({@code ./fleetflow}, {@code kubectl fleetflow}),
   *     for the hint that says how to approve a waiting gate
   */
  public static String render(ManifestWorkReplicaSet set, String command) {
    String namespace = set.getMetadata().getNamespace();
    String name = set.getMetadata().getName();
    RolloutStatus rollout = rollout(set);
    ManifestWorkReplicaSetStatus status = set.getStatus();
    Summary summary =
        status == null || status.getSummary() == null ? Summary.EMPTY : status.getSummary();
    StringBuilder text = new StringBuilder();
    text.append(namespace)
        .append('/')
        .append(name)
        .append("  revision ")
        .append(rollout == null ? 0 : rollout.revision())
        .append("  ")
        .append(rollout == null || rollout.phase() == null ? "Pending" : rollout.phase())
        .append('\n');
    text.append(progressBar(summary.updated(), summary.desiredTotal())).append('\n');
    if (rollout == null) {
      return text.toString();
    }
    if (rollout.message() != null && !rollout.message().isEmpty()) {
      text.append(rollout.message()).append('\n');
    }
    GateStatus gate = rollout.waitingGate();
    if (gate != null) {
      text.append("\nWAITING FOR APPROVAL: stage ")
          .append(gate.stageName())
          .append(" of placement ")
          .append(gate.placement())
          .append(" since ")
          .append(gate.since());
      if (gate.expiresAt() != null) {
        text.append(", expires ")
            .append(gate.expiresAt())
            .append(" (then ")
            .append(gate.onExpiry())
            .append(')');
      }
      text.append("\n  approve with: ")
          .append(command)
          .append(" rollout approve ")
          .append(name)
          .append(" -n ")
          .append(namespace)
          .append(" --comment TEXT\n");
    }
    List<StageStatus> stages = rollout.stages() == null ? List.of() : rollout.stages();
    if (!stages.isEmpty()) {
      TextTable table =
          TextTable.withHeader(
              "PLACEMENT",
              "STAGE",
              "CLUSTERS",
              "SUCCEEDED",
              "APPLYING",
              "FAILED",
              "TIMEDOUT",
              "WAITING",
              "");
      for (StageStatus stage : stages) {
        table.row(
            stage.placement(),
            stage.name(),
            stage.clusters(),
            stage.succeeded(),
            stage.applying(),
            stage.failed(),
            stage.timedOut(),
            stage.waiting(),
            mark(stage, gate, rollout.currentStage()));
      }
      text.append('\n').append(table.render());
    }
    List<ClusterStatus> problems =
        rollout.clusters() == null
            ? List.of()
            : rollout.clusters().stream().filter(RolloutStatusView::failed).toList();
    if (!problems.isEmpty()) {
      text.append("\nPROBLEMS\n");
      for (ClusterStatus cluster : problems) {
        text.append("  ")
            .append(cluster.cluster())
            .append(" (")
            .append(cluster.state())
            .append("): ")
            .append(cluster.message() == null ? "" : cluster.message())
            .append('\n');
      }
    }
    return text.toString();
  }

  /** {@code [#########---------] 3/9 clusters updated (33%)}, the bar {@value #BAR_WIDTH} wide. */
  static String progressBar(int updated, int total) {
    int filled = total > 0 ? Math.clamp((long) BAR_WIDTH * updated / total, 0, BAR_WIDTH) : 0;
    return "["
        + "#".repeat(filled)
        + "-".repeat(BAR_WIDTH - filled)
        + "] "
        + updated
        + "/"
        + total
        + " clusters updated"
        + (total > 0 ? " (" + 100 * updated / total + "%)" : "");
  }

  private static String mark(StageStatus stage, GateStatus gate, String currentStage) {
    if (gate != null
        && gate.placement().equals(stage.placement())
        && gate.stage() == stage.index()) {
      return "<- waiting for approval";
    }
    return (stage.placement() + "/" + stage.name()).equals(currentStage) ? "<- current" : "";
  }

  private static boolean failed(ClusterStatus cluster) {
    return ClusterRolloutState.FAILED.wire().equals(cluster.state())
        || ClusterRolloutState.TIMED_OUT.wire().equals(cluster.state());
  }

  private static RolloutStatus rollout(ManifestWorkReplicaSet set) {
    return set.getStatus() == null ? null : set.getStatus().getRollout();
  }
}
