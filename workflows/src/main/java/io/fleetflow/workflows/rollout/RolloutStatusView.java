package io.fleetflow.workflows.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.LocalPlacementReference;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.ClusterStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.PlacementSummary;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RevisionInfo;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.StageStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Summary;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.rollout.RolloutPlanner.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Renders a replica set's rollout state as its status in OCM's shape (summary, placement summary,
 * conditions) with Fleetflow's rollout block, and as the Markdown of the workflow's current
 * details. Pure: everything comes from the state passed in.
 */
final class RolloutStatusView {
  private RolloutStatusView() {}

  /** Every stage of every placement with its clusters' counts. */
  static List<StageStatus> stages(ManifestWorkReplicaSetState state) {
    List<StageStatus> stages = new ArrayList<>();
    for (LocalPlacementReference ref : state.set.getSpec().getPlacementRefs()) {
      for (Stage stage : stagesOf(state, ref)) {
        stages.add(stageStatus(state, ref.name(), stage));
      }
    }
    return stages;
  }

  /**
   * Each cluster's first stage in its placement, by placement and then cluster, from one planning
   * per placement: a lookup per cluster and stage planned the stages again each time, which at
   * 1,000 clusters in 20 stages held the workflow task past the deadlock detector's five seconds.
   */
  static Map<String, Map<String, String>> stageNames(ManifestWorkReplicaSetState state) {
    Map<String, Map<String, String>> names = new HashMap<>();
    for (LocalPlacementReference ref : state.set.getSpec().getPlacementRefs()) {
      Map<String, String> byCluster = names.computeIfAbsent(ref.name(), r -> new HashMap<>());
      for (Stage stage : stagesOf(state, ref)) {
        stage.clusters().forEach(cluster -> byCluster.putIfAbsent(cluster, stage.name()));
      }
    }
    return names;
  }

  static List<Stage> stagesOf(ManifestWorkReplicaSetState state, LocalPlacementReference ref) {
    return state.decisions.get(ref.name()) == null
        ? List.of()
        : RolloutPlanner.stages(ref.rolloutStrategy(), groupsOf(state, ref));
  }

  /**
   * The placement's decision groups with only the clusters this replica set assigned to it (a
   * cluster two placements select belongs to the first); empty before the first decisions.
   */
  static List<PlacementDecisions.DecisionGroup> groupsOf(
      ManifestWorkReplicaSetState state, LocalPlacementReference ref) {
    PlacementDecisions decisions = state.decisions.get(ref.name());
    return decisions == null
        ? List.of()
        : decisions.groups().stream()
            .map(
                g ->
                    new PlacementDecisions.DecisionGroup(
                        g.index(),
                        g.name(),
                        g.clusters().stream()
                            .filter(c -> ref.name().equals(placementOf(state, c)))
                            .toList()))
            .toList();
  }

  private static String placementOf(ManifestWorkReplicaSetState state, String cluster) {
    ClusterRollout c = state.clusters.get(cluster);
    return c == null ? null : c.placement;
  }

  private static StageStatus stageStatus(
      ManifestWorkReplicaSetState state, String placement, Stage stage) {
    int[] counts = new int[ClusterRolloutState.values().length];
    for (String cluster : stage.clusters()) {
      ClusterRollout c = state.clusters.get(cluster);
      counts[(c == null ? ClusterRolloutState.WAITING : c.state).ordinal()]++;
    }
    return new StageStatus(
        placement,
        stage.index(),
        stage.name(),
        stage.clusters().size(),
        counts[ClusterRolloutState.SUCCEEDED.ordinal()],
        counts[ClusterRolloutState.APPLYING.ordinal()],
        counts[ClusterRolloutState.FAILED.ordinal()],
        counts[ClusterRolloutState.TIMED_OUT.ordinal()],
        counts[ClusterRolloutState.WAITING.ordinal()]
            + counts[ClusterRolloutState.ROLLED_BACK.ordinal()]);
  }

  /** Writes the status: summaries, conditions and the rollout block. */
  static void render(
      ManifestWorkReplicaSetState state,
      String phase,
      String message,
      String currentStage,
      boolean complete,
      Instant now) {
    ManifestWorkReplicaSetStatus status = state.set.getStatus();
    List<StageStatus> stages = stages(state);
    Map<String, Map<String, String>> stageOf = stageNames(state);
    List<ClusterStatus> clusters = new ArrayList<>();
    state.clusters.forEach(
        (name, c) ->
            clusters.add(
                new ClusterStatus(
                    name,
                    c.placement,
                    stageOf.getOrDefault(c.placement, Map.of()).get(name),
                    c.state.wire(),
                    c.revision,
                    Instant.ofEpochMilli(c.sinceMillis).toString(),
                    c.message)));
    status.setSummary(summary(state, c -> true));
    List<PlacementSummary> placements = new ArrayList<>();
    for (LocalPlacementReference ref : state.set.getSpec().getPlacementRefs()) {
      Summary summary = summary(state, c -> ref.name().equals(c.placement));
      PlacementDecisions decisions = state.decisions.get(ref.name());
      int groups = decisions == null ? 0 : decisions.groups().size();
      placements.add(
          new PlacementSummary(
              ref.name(),
              groups
                  + " ("
                  + summary.applied()
                  + " / "
                  + summary.desiredTotal()
                  + " clusters applied)",
              summary));
    }
    status.setPlacementSummary(placements);
    status.setRollout(
        new RolloutStatus(
            state.revision,
            phase,
            message,
            stages,
            currentStage,
            state.gates.isEmpty() ? null : state.gates.getFirst(),
            clusters,
            List.copyOf(state.approvals),
            revisions(state)));
    setConditions(state, status, complete, phase, message, now);
  }

  static List<RevisionInfo> revisions(ManifestWorkReplicaSetState state) {
    return state.revisions.stream()
        .map(
            r ->
                new RevisionInfo(
                    r.revision(),
                    Instant.ofEpochMilli(r.createdMillis()).toString(),
                    r.user(),
                    r.cause()))
        .toList();
  }

  private static Summary summary(
      ManifestWorkReplicaSetState state, Predicate<ClusterRollout> which) {
    int total = 0;
    int applied = 0;
    int available = 0;
    int progressing = 0;
    int degraded = 0;
    int desired = 0;
    int updated = 0;
    for (ClusterRollout c : state.clusters.values()) {
      if (!which.test(c)) {
        continue;
      }
      desired++;
      if (c.revision != state.revision || c.generation == 0) {
        continue;
      }
      total++;
      if (c.state == ClusterRolloutState.SUCCEEDED) {
        updated++;
      }
      List<Condition> conditions =
          c.lastReport == null || c.lastReport.generation() < c.generation
              ? List.of()
              : c.lastReport.conditions();
      applied += Conditions.isTrue(conditions, ManifestWork.CONDITION_APPLIED) ? 1 : 0;
      available += Conditions.isTrue(conditions, ManifestWork.CONDITION_AVAILABLE) ? 1 : 0;
      progressing += Conditions.isTrue(conditions, WorkHealth.PROGRESSING) ? 1 : 0;
      degraded += Conditions.isTrue(conditions, WorkHealth.DEGRADED) ? 1 : 0;
    }
    return new Summary(total, applied, available, progressing, degraded, desired, updated);
  }

  private static void setConditions(
      ManifestWorkReplicaSetState state,
      ManifestWorkReplicaSetStatus status,
      boolean complete,
      String phase,
      String message,
      Instant now) {
    List<Condition> conditions = status.getConditions();
    String missing = null;
    String empty = null;
    for (LocalPlacementReference ref : state.set.getSpec().getPlacementRefs()) {
      PlacementDecisions decisions = state.decisions.get(ref.name());
      if (decisions == null) {
        missing = missing == null ? ref.name() : missing;
      } else if (decisions.clusters().isEmpty()) {
        empty = empty == null ? ref.name() : empty;
      }
    }
    if (missing != null) {
      Conditions.set(
          conditions,
          ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED,
          Conditions.FALSE,
          "PlacementDecisionNotFound",
          "no decisions of Placement "
              + missing
              + " yet: create it in namespace "
              + state.set.getMetadata().getNamespace()
              + " or wait for it to schedule",
          now,
          null);
    } else if (empty != null) {
      Conditions.set(
          conditions,
          ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED,
          Conditions.FALSE,
          "PlacementDecisionEmpty",
          "Placement " + empty + " selects no cluster",
          now,
          null);
    } else {
      Conditions.set(
          conditions,
          ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED,
          Conditions.TRUE,
          "AsExpected",
          "every placement has decisions",
          now,
          null);
    }
    Conditions.set(
        conditions,
        ManifestWorkReplicaSet.CONDITION_PLACEMENT_ROLLED_OUT,
        complete ? Conditions.TRUE : Conditions.FALSE,
        complete ? "Complete" : "Progressing",
        "revision " + state.revision + " " + phase + ": " + message,
        now,
        null);
    long failed =
        state.clusters.values().stream()
            .filter(c -> c.revision == state.revision && c.state.isFailure())
            .count();
    long applied =
        state.clusters.values().stream()
            .filter(c -> c.revision == state.revision && c.generation > 0)
            .count();
    if (failed > 0) {
      Conditions.set(
          conditions,
          ManifestWorkReplicaSet.CONDITION_MANIFESTWORK_APPLIED,
          Conditions.FALSE,
          "NotAsExpected",
          failed + " clusters failed or timed out at revision " + state.revision,
          now,
          null);
    } else if (applied == state.clusters.size() && applied > 0) {
      Conditions.set(
          conditions,
          ManifestWorkReplicaSet.CONDITION_MANIFESTWORK_APPLIED,
          Conditions.TRUE,
          "AsExpected",
          "every selected cluster has its ManifestWork at revision " + state.revision,
          now,
          null);
    } else {
      Conditions.set(
          conditions,
          ManifestWorkReplicaSet.CONDITION_MANIFESTWORK_APPLIED,
          Conditions.FALSE,
          "Processing",
          applied + " of " + state.clusters.size() + " clusters have revision " + state.revision,
          now,
          null);
    }
  }

  /** The Markdown the Temporal UI shows as current details. */
  static String details(ManifestWorkReplicaSetState state, String phase, String message) {
    StringBuilder out = new StringBuilder();
    var meta = state.set.getMetadata();
    out.append("**")
        .append(meta.getNamespace())
        .append('/')
        .append(meta.getName())
        .append("** revision ")
        .append(state.revision)
        .append(": **")
        .append(phase)
        .append("**: ")
        .append(message)
        .append("\n\n");
    state.gates.forEach(
        g ->
            out.append("Waiting for approval of stage `")
                .append(g.stageName())
                .append("` of placement `")
                .append(g.placement())
                .append("` since ")
                .append(g.since())
                .append(g.expiresAt() == null ? "" : ", expires " + g.expiresAt())
                .append(" (then ")
                .append(g.onExpiry())
                .append(")\n\n"));
    out.append("| placement | stage | clusters | succeeded | applying | failed | timed out |")
        .append(" waiting |\n|---|---|---|---|---|---|---|---|\n");
    for (StageStatus s : stages(state)) {
      out.append("| ")
          .append(s.placement())
          .append(" | ")
          .append(s.name())
          .append(" | ")
          .append(s.clusters())
          .append(" | ")
          .append(s.succeeded())
          .append(" | ")
          .append(s.applying())
          .append(" | ")
          .append(s.failed())
          .append(" | ")
          .append(s.timedOut())
          .append(" | ")
          .append(s.waiting())
          .append(" |\n");
    }
    return out.toString();
  }

  /** Counts clusters by state, for messages. */
  static String counts(Map<String, ClusterRollout> clusters, long revision) {
    long succeeded =
        count(clusters, c -> c.revision == revision && c.state == ClusterRolloutState.SUCCEEDED);
    // Failed and timed-out clusters keep a rollout from completing, so the message names them.
    // A new revision sets every cluster waiting, so these states are the current revision's.
    long failed = count(clusters, c -> c.state == ClusterRolloutState.FAILED);
    long timedOut = count(clusters, c -> c.state == ClusterRolloutState.TIMED_OUT);
    return succeeded
        + " of "
        + clusters.size()
        + " clusters at revision "
        + revision
        + (failed > 0 ? ", " + failed + " failed" : "")
        + (timedOut > 0 ? ", " + timedOut + " timed out" : "");
  }

  private static long count(Map<String, ClusterRollout> clusters, Predicate<ClusterRollout> which) {
    return clusters.values().stream().filter(which).count();
  }
}
