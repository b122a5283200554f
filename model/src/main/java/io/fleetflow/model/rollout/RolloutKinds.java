package io.fleetflow.model.rollout;

import static io.fleetflow.model.meta.Conditions.reasonOf;
import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.DecisiveField;
import io.fleetflow.model.meta.Permission;
import io.fleetflow.model.meta.Reference;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kind of the rollout feature: ManifestWorkReplicaSet, with its rollout controls and history as
 * subresources, its placements as references, and its approval gates decisive while one waits.
 */
public final class RolloutKinds {
  /** The Query of the rollout's revisions and events. */
  public static final String HISTORY = "history";

  /** An approver lets the stage at the waiting gate start. */
  public static final String APPROVE = "approve";

  /** An operator pauses the rollout. */
  public static final String PAUSE = "pause";

  /** An operator resumes a paused rollout. */
  public static final String RESUME = "resume";

  /** An operator aborts the rollout, optionally rolling back. */
  public static final String ABORT = "abort";

  /** An operator rolls back to an earlier revision. */
  public static final String UNDO = "undo";

  public static final ResourceKind<ManifestWorkReplicaSet> MANIFEST_WORK_REPLICA_SET =
      ResourceKind.of(
              ManifestWorkReplicaSet.class,
              ApiGroups.WORK,
              ManifestWorkReplicaSet.VERSION,
              "ManifestWorkReplicaSet")
          .shortNames("mwrs")
          .namespaced()
          .validator(new ManifestWorkReplicaSetValidator())
          .column(
              "Placement",
              "string",
              s ->
                  reasonOf(
                      s.getStatus().getConditions(),
                      ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED))
          .column(
              "Found",
              "string",
              s ->
                  statusOf(
                      s.getStatus().getConditions(),
                      ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED))
          .column(
              "ManifestWorks",
              "string",
              s ->
                  reasonOf(
                      s.getStatus().getConditions(),
                      ManifestWorkReplicaSet.CONDITION_PLACEMENT_ROLLED_OUT))
          .column(
              "Applied",
              "string",
              s ->
                  statusOf(
                      s.getStatus().getConditions(),
                      ManifestWorkReplicaSet.CONDITION_MANIFESTWORK_APPLIED))
          .column("Revision", "integer", s -> rollout(s).map(RolloutStatus::revision).orElse(0L))
          .column("Phase", "string", s -> rollout(s).map(RolloutStatus::phase).orElse(""))
          .column(
              "Updated",
              "string",
              s ->
                  s.getStatus().getSummary().updated()
                      + "/"
                      + s.getStatus().getSummary().desiredTotal())
          .column("Age", "date", s -> s.getMetadata().getCreationTimestamp())
          .decisive(
              new DecisiveField<>(
                  "/spec/approvalGates",
                  "null",
                  "change the approval gates while a gate waits",
                  RolloutKinds::waitsAtGate,
                  null,
                  APPROVE,
                  "create"))
          .subresource(
              Subresource.update(APPROVE, APPROVE, RolloutCommand.class, Permission.DECIDE))
          .subresource(Subresource.update(PAUSE, PAUSE, RolloutCommand.class, Permission.CHANGE))
          .subresource(Subresource.update(RESUME, RESUME, RolloutCommand.class, Permission.CHANGE))
          .subresource(Subresource.update(ABORT, ABORT, RolloutCommand.class, Permission.CHANGE))
          .subresource(Subresource.update(UNDO, UNDO, RolloutCommand.class, Permission.CHANGE))
          .subresource(Subresource.query(HISTORY, HISTORY, Permission.READ))
          .references(new Reference<>(PlacementKinds.PLACEMENT, RolloutKinds::placements))
          .build();

  private RolloutKinds() {}

  /** Returns true while the rollout waits at a gate for an approver. */
  public static boolean waitsAtGate(ManifestWorkReplicaSet set) {
    return set.getStatus() != null
        && set.getStatus().getRollout() != null
        && set.getStatus().getRollout().waitingGate() != null;
  }

  private static List<Reference.Named> placements(ManifestWorkReplicaSet set) {
    List<Reference.Named> named = new ArrayList<>();
    var refs = set.getSpec().getPlacementRefs();
    for (int i = 0; i < refs.size(); i++) {
      named.add(new Reference.Named("spec.placementRefs[" + i + "].name", refs.get(i).name()));
    }
    return named;
  }

  private static Optional<RolloutStatus> rollout(ManifestWorkReplicaSet set) {
    return Optional.ofNullable(set.getStatus().getRollout());
  }
}
