package io.fleetflow.workflows.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Approval;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.StageStatus;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.rollout.RolloutValues;
import io.fleetflow.model.work.ManifestWorkSpec;
import io.fleetflow.workflows.entity.EntityAuthority;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.ObjectChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rollout controls of a ManifestWorkReplicaSet (approve, pause, resume, abort, undo): whether a
 * control may run now, and what it changes in the workflow's state. Every control passes the same
 * role check, on the vouched {@link Actor}, with the permission its subresource declares in {@link
 * RolloutKinds}: the gateway checks it too, but an update sent to Temporal directly does not pass
 * the gateway. Deterministic: the caller passes the time, and the workflow publishes the change.
 */
final class RolloutControls {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the controls need to know of the rollout that the state alone does not say. */
  interface Rollout {
    /** The rollout's phase as the status shows it, for refusals. */
    String phase();

    /** True when every cluster of the current revision has finished. */
    boolean complete();

    /** Asks the deployer to return the changed clusters to the previous revision. */
    void rollBack(String requestedBy, String reason);
  }

  private final ManifestWorkReplicaSetState state;
  private final Rollout rollout;

  RolloutControls(ManifestWorkReplicaSetState state, Rollout rollout) {
    this.state = state;
    this.rollout = rollout;
  }

  /**
   * Refuses a control that may not run now: the object must exist and not be being deleted, the
   * actor must hold the control's permission, and the rollout must be in a state the control
   * changes.
   *
   * @throws io.temporal.failure.ApplicationFailure NotFound, Forbidden, Conflict or Invalid
   */
  void validate(String control, RolloutCommand command, Actor actor) {
    if (state.set == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "manifestworkreplicasets not found");
    }
    EntityAuthority.requireControl(
        RolloutKinds.MANIFEST_WORK_REPLICA_SET, control, actor, state.set);
    if (state.set.getMetadata().getDeletionTimestamp() != null) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "ManifestWorkReplicaSet \"" + state.set.getMetadata().getName() + "\" is being deleted");
    }
    switch (control) {
      case RolloutKinds.APPROVE -> {
        if (state.gates.isEmpty()) {
          throw conflict(
              "no approval gate is waiting: the rollout of revision "
                  + state.revision
                  + " is "
                  + rollout.phase()
                  + (state.paused ? " (resume it first)" : ""));
        }
      }
      case RolloutKinds.PAUSE -> {
        if (state.paused) {
          throw conflict("the rollout of revision " + state.revision + " is paused already");
        }
      }
      case RolloutKinds.RESUME -> {
        if (!state.paused) {
          throw conflict(
              "the rollout of revision "
                  + state.revision
                  + " is not paused; it is "
                  + rollout.phase());
        }
      }
      case RolloutKinds.ABORT -> {
        if (state.outcome != null || (rollout.complete() && state.gates.isEmpty())) {
          throw conflict(
              "the rollout of revision "
                  + state.revision
                  + " has ended ("
                  + rollout.phase()
                  + "): use undo to return to an earlier revision");
        }
      }
      case RolloutKinds.UNDO -> validateUndo(command);
      default -> throw new IllegalArgumentException("no rollout control " + control);
    }
  }

  /** Records the approval of every waiting gate and lets each placement pass its gate. */
  void approve(RolloutCommand command, Actor actor, Instant now) {
    List<StageStatus> stages =
        state.set.getStatus().getRollout() == null
            ? List.of()
            : state.set.getStatus().getRollout().stages();
    ApprovalGates gates = state.set.getSpec().getApprovalGates();
    for (GateStatus gate : state.gates) {
      List<StageStatus> finished =
          stages.stream()
              .filter(s -> s.placement().equals(gate.placement()) && s.index() < gate.stage())
              .toList();
      state.approvals.add(
          new Approval(
              state.revision,
              gate.placement(),
              gate.stage(),
              gate.stageName(),
              actor.user(),
              now.toString(),
              command == null ? null : command.comment(),
              finished));
      state.approvedThrough.put(gate.placement(), RolloutPlanner.approvedAt(gates, gate.stage()));
      RolloutEvents.record(
          state,
          now,
          "GateApproved",
          actor.user(),
          "stage "
              + gate.stageName()
              + " of placement "
              + gate.placement()
              + " approved"
              + RolloutEvents.comment(command)
              + "; finished stages: "
              + RolloutEvents.health(finished));
    }
    state.gates.clear();
  }

  /** Stops new clusters from starting. */
  void pause(RolloutCommand command, Actor actor, Instant now) {
    setPaused(true, "Paused", "no new cluster starts", command, actor, now);
  }

  /** Lets clusters start again. */
  void resume(RolloutCommand command, Actor actor, Instant now) {
    setPaused(false, "Resumed", "clusters start again", command, actor, now);
  }

  private void setPaused(
      boolean paused, String type, String what, RolloutCommand command, Actor actor, Instant now) {
    state.paused = paused;
    RolloutEvents.record(state, now, type, actor.user(), what + RolloutEvents.comment(command));
  }

  /** Ends the rollout of the current revision, and rolls it back when the command asks. */
  void abort(RolloutCommand command, Actor actor, Instant now) {
    boolean rollsBack = command != null && command.rollsBack();
    state.outcome = "Aborted";
    state.outcomeMessage = "aborted by " + actor.user() + RolloutEvents.comment(command);
    state.gates.clear();
    RolloutEvents.record(
        state,
        now,
        "Aborted",
        actor.user(),
        (rollsBack ? "abort with rollback" : "abort") + RolloutEvents.comment(command));
    if (rollsBack) {
      rollout.rollBack(actor.user(), "rolled back after an abort by " + actor.user());
    }
  }

  /** Makes a kept revision's template the current one, which starts a new revision. */
  void undo(RolloutCommand command, Actor actor, Instant now) {
    long target = undoTarget(command);
    TemplateRevision revision =
        state.revisions.stream().filter(r -> r.revision() == target).findFirst().orElseThrow();
    ManifestWorkReplicaSet proposed = JSON.convertValue(state.set, ManifestWorkReplicaSet.class);
    proposed
        .getSpec()
        .setManifestWorkTemplate(JSON.convertValue(revision.template(), ManifestWorkSpec.class));
    proposed.getMetadata().setResourceVersion(null);
    ObjectChanges.applyChange(state.set, proposed);
    state.lastChangeBy = actor.user();
    state.nextRevisionCause = "undo to revision " + target + RolloutEvents.comment(command);
    RolloutEvents.record(
        state, now, "Undo", actor.user(), "back to the template of revision " + target);
  }

  private void validateUndo(RolloutCommand command) {
    long target = undoTarget(command);
    if (state.revisions.stream().noneMatch(r -> r.revision() == target)) {
      throw EntityFailures.of(
          EntityFailures.INVALID,
          "revision "
              + target
              + " is not kept; kept revisions: "
              + String.join(
                  ", ", state.revisions.stream().map(r -> Long.toString(r.revision())).toList()));
    }
    if (target == state.revision) {
      throw conflict("revision " + target + " is the current revision already");
    }
  }

  /** The revision an undo returns to: the one named, else the latest before the current one. */
  private long undoTarget(RolloutCommand command) {
    if (command != null && command.toRevision() != null) {
      return command.toRevision();
    }
    return state.revisions.stream()
        .mapToLong(TemplateRevision::revision)
        .filter(r -> r < state.revision)
        .max()
        .orElse(state.revision);
  }

  /**
   * Opens the approval gate before a stage, as the replica set's {@code approvalGates} ask.
   *
   * @return when the gate expires, if it does
   */
  Optional<Instant> openGate(String placement, RolloutPlanner.Stage stage, Instant now) {
    ApprovalGates gates = state.set.getSpec().getApprovalGates();
    Optional<Duration> expiry =
        gates == null ? Optional.empty() : RolloutValues.duration(gates.expiry());
    GateStatus gate =
        new GateStatus(
            placement,
            stage.index(),
            stage.name(),
            now.toString(),
            expiry.map(d -> now.plus(d).toString()).orElse(null),
            gates != null && gates.abortsOnExpiry() ? ApprovalGates.ABORT : ApprovalGates.PAUSE);
    state.gates.add(gate);
    RolloutEvents.record(
        state,
        now,
        "GateOpened",
        RolloutEvents.SYSTEM,
        "stage "
            + stage.name()
            + " of placement "
            + placement
            + " waits for approval"
            + (gate.expiresAt() == null ? "" : " until " + gate.expiresAt()));
    return expiry.map(now::plus);
  }

  /** Ends a gate that expired unapproved: the rollout pauses, or aborts when the gate says so. */
  void expire(GateStatus gate, Instant now) {
    state.gates.remove(gate);
    String what =
        "the gate before stage "
            + gate.stageName()
            + " of placement "
            + gate.placement()
            + " expired unapproved at "
            + gate.expiresAt();
    if (ApprovalGates.ABORT.equals(gate.onExpiry())) {
      state.outcome = "Aborted";
      state.outcomeMessage = what;
      RolloutEvents.record(
          state, now, "GateExpired", RolloutEvents.SYSTEM, what + "; the rollout is aborted");
    } else {
      state.paused = true;
      RolloutEvents.record(
          state,
          now,
          "GateExpired",
          RolloutEvents.SYSTEM,
          what + "; the rollout is paused until resumed");
    }
  }

  private static RuntimeException conflict(String message) {
    return EntityFailures.of(EntityFailures.CONFLICT, message);
  }
}
