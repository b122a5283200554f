package io.fleetflow.workflows.action;

import io.fleetflow.model.action.ManagedClusterActionSetStatus.ClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSetStatus.Summary;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.workflows.rollout.RolloutPlanner.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a set's clusters stand, in the rollout planner's terms and in the set's status: an action
 * started and not reported is applying, one reported done succeeded, one reported otherwise failed.
 * Pure: the workflow passes the clusters and the time.
 */
public final class ActionSetProgress {
  private ActionSetProgress() {}

  /**
   * One cluster's action as the set knows it.
   *
   * @param state applying, succeeded or failed
   * @param since when it entered the state (epoch millis)
   * @param reason the action's Completed reason once reported
   * @param message the same in words
   */
  public record Outcome(ClusterRolloutState state, long since, String reason, String message) {}

  /** The planner's view of the outcomes. */
  public static Map<String, Progress> progress(Map<String, Outcome> outcomes) {
    Map<String, Progress> progress = new TreeMap<>();
    outcomes.forEach(
        (cluster, o) ->
            progress.put(cluster, new Progress(o.state(), Instant.ofEpochMilli(o.since()))));
    return progress;
  }

  /** The outcome an action's report makes. */
  public static Outcome reported(ActionReport report, Instant now) {
    return new Outcome(
        report.done() ? ClusterRolloutState.SUCCEEDED : ClusterRolloutState.FAILED,
        now.toEpochMilli(),
        report.reason(),
        report.message());
  }

  /** The counts of the selected clusters; a started cluster no longer selected still counts. */
  public static Summary summary(List<String> selected, Map<String, Outcome> outcomes) {
    int done = 0;
    int failed = 0;
    int running = 0;
    int waiting = 0;
    for (String cluster : clusters(selected, outcomes)) {
      Outcome o = outcomes.get(cluster);
      if (o == null) {
        waiting++;
      } else if (o.state() == ClusterRolloutState.SUCCEEDED) {
        done++;
      } else if (o.state().isFailure()) {
        failed++;
      } else {
        running++;
      }
    }
    return new Summary(done + failed + running + waiting, done, failed, running, waiting);
  }

  /** Each cluster's line of the status, in name order. */
  public static List<ClusterAction> lines(List<String> selected, Map<String, Outcome> outcomes) {
    List<ClusterAction> lines = new ArrayList<>();
    for (String cluster : clusters(selected, outcomes)) {
      Outcome o = outcomes.get(cluster);
      lines.add(
          o == null
              ? new ClusterAction(cluster, ClusterRolloutState.WAITING.wire(), null, null)
              : new ClusterAction(cluster, o.state().wire(), o.reason(), o.message()));
    }
    return lines;
  }

  private static List<String> clusters(List<String> selected, Map<String, Outcome> outcomes) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(selected);
    all.addAll(outcomes.keySet());
    return List.copyOf(all);
  }
}
