package io.fleetflow.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.workflows.Fixtures;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which rollout control may run when, and who may run it: one row per control, rollout state and
 * caller, judged without a workflow (the controls are deterministic and take the time).
 */
class RolloutControlsTest {
  private static final Actor OPERATOR = new Actor("olga", List.of("fleetflow:operators"), null);
  private static final Actor APPROVER = new Actor("alice", List.of("fleetflow:approvers"), null);
  private static final Actor VIEWER = new Actor("vera", List.of("fleetflow:viewers"), null);
  private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

  static Stream<Arguments> rows() {
    Consumer<ManifestWorkReplicaSetState> waiting = s -> s.gates.add(gate());
    Consumer<ManifestWorkReplicaSetState> running = s -> {};
    Consumer<ManifestWorkReplicaSetState> paused = s -> s.paused = true;
    Consumer<ManifestWorkReplicaSetState> aborted = s -> s.outcome = "Aborted";
    Consumer<ManifestWorkReplicaSetState> twoRevisions =
        s -> {
          s.revisions.add(revision(1));
          s.revisions.add(revision(2));
          s.revision = 2;
        };
    Consumer<ManifestWorkReplicaSetState> deleting =
        s -> s.set.getMetadata().setDeletionTimestamp(NOW.toString());
    return Stream.of(
        // control, state, caller, refusal (null: allowed)
        Arguments.of(RolloutKinds.APPROVE, waiting, APPROVER, null),
        Arguments.of(
            RolloutKinds.APPROVE,
            waiting,
            OPERATOR,
            "User \"olga\" cannot create resource \"manifestworkreplicasets/approve\""),
        Arguments.of(RolloutKinds.APPROVE, running, APPROVER, "no approval gate is waiting"),
        Arguments.of(RolloutKinds.APPROVE, paused, APPROVER, "(resume it first)"),
        Arguments.of(RolloutKinds.PAUSE, running, OPERATOR, null),
        Arguments.of(RolloutKinds.PAUSE, paused, OPERATOR, "is paused already"),
        Arguments.of(
            RolloutKinds.PAUSE,
            running,
            VIEWER,
            "User \"vera\" cannot create resource \"manifestworkreplicasets/pause\""),
        Arguments.of(RolloutKinds.PAUSE, deleting, OPERATOR, "is being deleted"),
        Arguments.of(RolloutKinds.RESUME, paused, OPERATOR, null),
        Arguments.of(RolloutKinds.RESUME, running, OPERATOR, "is not paused; it is Progressing"),
        Arguments.of(RolloutKinds.ABORT, running, OPERATOR, null),
        Arguments.of(RolloutKinds.ABORT, aborted, OPERATOR, "has ended (Progressing)"),
        Arguments.of(
            RolloutKinds.ABORT,
            running,
            APPROVER,
            "cannot create resource \"manifestworkreplicasets/abort\""),
        Arguments.of(RolloutKinds.UNDO, twoRevisions, OPERATOR, null),
        Arguments.of(RolloutKinds.UNDO, running, OPERATOR, "is the current revision already"));
  }

  @ParameterizedTest(name = "{0} by {2}")
  @MethodSource("rows")
  void aControlRunsOnlyInTheRightStateForACallerWithItsPermission(
      String control, Consumer<ManifestWorkReplicaSetState> given, Actor caller, String refusal) {
    ManifestWorkReplicaSetState state = state();
    given.accept(state);
    RolloutControls controls = new RolloutControls(state, rollout(new ArrayList<>()));
    if (refusal == null) {
      assertThatCode(() -> controls.validate(control, null, caller)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> controls.validate(control, null, caller))
          .isInstanceOf(ApplicationFailure.class)
          .hasMessageContaining(refusal);
    }
  }

  @Test
  void approvingRecordsWhoApprovedWhichGateAndLetsThePlacementPass() {
    ManifestWorkReplicaSetState state = state();
    state.gates.add(gate());
    new RolloutControls(state, rollout(new ArrayList<>()))
        .approve(new RolloutCommand("looks fine", null, null), APPROVER, NOW);
    assertThat(state.gates).isEmpty();
    assertThat(state.approvals)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.user()).isEqualTo("alice");
              assertThat(a.stageName()).isEqualTo("canary");
              assertThat(a.comment()).isEqualTo("looks fine");
            });
    assertThat(state.approvedThrough).containsEntry("web", RolloutPlanner.NO_GATES);
    assertThat(state.events).extracting(RolloutEvent::type).containsExactly("GateApproved");
  }

  @Test
  void anAbortWithRollbackAsksTheDeployerToRollBackAndAPlainOneDoesNot() {
    List<String> rollbacks = new ArrayList<>();
    ManifestWorkReplicaSetState plain = state();
    new RolloutControls(plain, rollout(rollbacks))
        .abort(new RolloutCommand(null, false, null), OPERATOR, NOW);
    assertThat(plain.outcome).isEqualTo("Aborted");
    assertThat(rollbacks).isEmpty();

    ManifestWorkReplicaSetState rolled = state();
    new RolloutControls(rolled, rollout(rollbacks))
        .abort(new RolloutCommand("bad", true, null), OPERATOR, NOW);
    assertThat(rolled.outcomeMessage).isEqualTo("aborted by olga (\"bad\")");
    assertThat(rollbacks).containsExactly("olga: rolled back after an abort by olga");
  }

  private static ManifestWorkReplicaSetState state() {
    ManifestWorkReplicaSetState state = new ManifestWorkReplicaSetState();
    state.set = Fixtures.replicaSet(null, null, false);
    state.set.setStatus(new ManifestWorkReplicaSetStatus());
    state.revision = 1;
    state.revisions.add(revision(1));
    return state;
  }

  private static TemplateRevision revision(long revision) {
    return new TemplateRevision(
        revision,
        Fixtures.replicaSet(null, null, false).getSpec().getManifestWorkTemplate(),
        NOW.toEpochMilli(),
        "admin",
        "test");
  }

  private static GateStatus gate() {
    return new GateStatus("web", 0, "canary", NOW.toString(), null, null);
  }

  private static RolloutControls.Rollout rollout(List<String> rollbacks) {
    return new RolloutControls.Rollout() {
      @Override
      public String phase() {
        return "Progressing";
      }

      @Override
      public boolean complete() {
        return false;
      }

      @Override
      public void rollBack(String requestedBy, String reason) {
        rollbacks.add(requestedBy + ": " + reason);
      }
    };
  }
}
