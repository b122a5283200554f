package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnKinds;
import io.fleetflow.model.addon.ClusterManagementAddOnSpec.PlacementStrategy;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.RolloutCommand;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.rollout.RolloutPlanner;
import java.util.Map;

/**
 * The rollout controls of an add-on (approve, pause, resume, abort, undo), with the same names,
 * bodies, permissions and refusals as a ManifestWorkReplicaSet's: whether a control may run now,
 * and what it changes in the state. They act on every install placement of the add-on at once.
 * Deterministic; the workflow sends the steps the changes call for at its next reconcile.
 */
final class AddOnRolloutControls {
  private final ClusterManagementAddOnState state;

  AddOnRolloutControls(ClusterManagementAddOnState state) {
    this.state = state;
  }

  /**
   * Refuses a control that may not run now: the add-on must exist and not be being deleted, the
   * actor must hold the control's permission, and some rollout must be in a state it changes.
   */
  void validate(String control, RolloutCommand command, Actor actor) {
    if (state.addOn == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "clustermanagementaddons not found");
    }
    EntityAuthority.requireControl(
        AddOnKinds.CLUSTER_MANAGEMENT_ADD_ON, control, actor, state.addOn);
    String name = state.addOn.getMetadata().getName();
    if (state.addOn.getMetadata().getDeletionTimestamp() != null) {
      throw conflict("ClusterManagementAddOn \"" + name + "\" is being deleted");
    }
    switch (control) {
      case RolloutKinds.APPROVE -> {
        if (state.rollouts.values().stream().allMatch(r -> r.waitingGate == null)) {
          throw conflict(
              "no approval gate of add-on "
                  + name
                  + " is waiting"
                  + (state.paused ? " (it is paused: resume it first)" : ""));
        }
      }
      case RolloutKinds.PAUSE -> {
        if (state.paused) {
          throw conflict("the rollouts of add-on " + name + " are paused already");
        }
      }
      case RolloutKinds.RESUME -> {
        if (!state.paused) {
          throw conflict("the rollouts of add-on " + name + " are not paused");
        }
      }
      case RolloutKinds.ABORT -> {
        if (state.rollouts.values().stream().noneMatch(this::inProgress)) {
          throw conflict(
              "no rollout of add-on "
                  + name
                  + " is in progress: use undo to return to an"
                  + " earlier revision");
        }
      }
      case RolloutKinds.UNDO -> validateUndo(command);
      default -> throw new IllegalArgumentException("no rollout control " + control);
    }
  }

  /** Lets every waiting gate's stage start. */
  void approve(RolloutCommand command, Actor actor) {
    state.rollouts.forEach(
        (key, rollout) -> {
          if (rollout.waitingGate != null) {
            rollout.approvedThrough =
                RolloutPlanner.approvedAt(
                    state
                        .addOn
                        .getSpec()
                        .placement(key)
                        .map(PlacementStrategy::approvalGates)
                        .orElse(null),
                    rollout.waitingGate);
            rollout.approvals.add(
                "revision "
                    + rollout.revision
                    + " stage "
                    + rollout.waitingGate
                    + " by "
                    + actor.user()
                    + (command == null || command.comment() == null
                        ? ""
                        : ": " + command.comment()));
            rollout.waitingGate = null;
          }
        });
  }

  void pause() {
    state.paused = true;
  }

  void resume() {
    state.paused = false;
  }

  /** Ends every rollout in progress; with rollback its changed clusters get their old revision. */
  void abort(RolloutCommand command, Actor actor) {
    boolean rollsBack = command != null && command.rollsBack();
    for (AddOnPlacementRollout rollout : state.rollouts.values()) {
      if (!inProgress(rollout)) {
        continue;
      }
      rollout.waitingGate = null;
      rollout.outcome = rollsBack ? "RolledBack" : "Aborted";
      rollout.message =
          (rollsBack ? "aborted and rolled back by " : "aborted by ")
              + actor.user()
              + (command == null || command.comment() == null ? "" : ": " + command.comment());
    }
  }

  /** The revision an undo returns each placement to: the one named, else the one before. */
  long undoTarget(AddOnPlacementRollout rollout, RolloutCommand command) {
    if (command != null && command.toRevision() != null) {
      return command.toRevision();
    }
    return rollout.configs.keySet().stream()
        .mapToLong(Long::longValue)
        .filter(r -> r < rollout.revision)
        .max()
        .orElse(rollout.revision);
  }

  private void validateUndo(RolloutCommand command) {
    for (Map.Entry<String, AddOnPlacementRollout> e : state.rollouts.entrySet()) {
      AddOnPlacementRollout rollout = e.getValue();
      long target = undoTarget(rollout, command);
      if (!rollout.configs.containsKey(target)) {
        throw EntityFailures.of(
            EntityFailures.INVALID,
            "placement "
                + e.getKey()
                + " keeps revisions "
                + rollout.configs.keySet()
                + ", not "
                + target);
      }
      if (target == rollout.revision) {
        throw conflict(
            "revision " + target + " is the current revision of placement " + e.getKey());
      }
    }
    if (state.rollouts.isEmpty()) {
      throw conflict("the add-on has no install placement whose revisions could be undone");
    }
  }

  private boolean inProgress(AddOnPlacementRollout rollout) {
    return rollout.outcome == null
        && rollout.revision > 1
        && rollout.lastKnownGood != rollout.revision;
  }

  private static RuntimeException conflict(String message) {
    return EntityFailures.of(EntityFailures.CONFLICT, message);
  }
}
