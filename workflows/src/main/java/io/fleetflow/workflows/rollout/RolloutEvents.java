package io.fleetflow.workflows.rollout;

import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.StageStatus;
import java.time.Instant;
import java.util.List;

/** The rollout's event log, shared by the controls and the deployer, and how it words things. */
final class RolloutEvents {
  /** The user Fleetflow's own rollout steps are recorded under. */
  static final String SYSTEM = "system:fleetflow:rollout";

  private RolloutEvents() {}

  /** Appends an event to the state's log and drops the oldest beyond what the state keeps. */
  static void record(
      ManifestWorkReplicaSetState state, Instant now, String type, String user, String message) {
    state.events.add(new RolloutEvent(now.toString(), state.revision, type, user, message));
    while (state.events.size() > ManifestWorkReplicaSetState.EVENTS_KEPT) {
      state.events.removeFirst();
    }
  }

  /** A command's comment as a suffix of an event message, or nothing. */
  static String comment(RolloutCommand command) {
    return command == null || command.comment() == null || command.comment().isBlank()
        ? ""
        : " (\"" + command.comment() + "\")";
  }

  /** The finished stages an approver saw, one description each. */
  static String health(List<StageStatus> stages) {
    if (stages.isEmpty()) {
      return "none";
    }
    return String.join("; ", stages.stream().map(StageStatus::describe).toList());
  }
}
