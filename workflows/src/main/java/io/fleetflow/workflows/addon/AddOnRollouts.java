package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.ConfigSpecHash;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.rollout.RolloutPlanner;
import io.fleetflow.workflows.rollout.RolloutPlanner.Progress;
import io.fleetflow.workflows.rollout.RolloutPlanner.RolloutPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The decisions of an add-on's rollout on one placement, pure so that they are table-tested: when a
 * change of configs is a new revision, how far each cluster has got (from what its add-on
 * reported), and which clusters get the current revision now, by {@link RolloutPlanner} as a
 * ManifestWorkReplicaSet's clusters do. The first revision is the install and goes to every cluster
 * at once, as do clusters that join later: OCM's rollout strategy governs config changes.
 */
public final class AddOnRollouts {
  private AddOnRollouts() {}

  /**
   * Starts a new revision when the configs' content differs from the current revision's.
   *
   * @param force start one even when the content is the same (an undo)
   * @return true when a revision started
   */
  public static boolean startRevision(
      AddOnPlacementRollout rollout,
      List<AddOnConfig> configs,
      List<ConfigReference> references,
      ApprovalGates gates,
      boolean force) {
    if (!force
        && rollout.revision > 0
        && hashes(references).equals(hashes(rollout.currentReferences()))) {
      return false;
    }
    rollout.revision++;
    rollout.configs.put(rollout.revision, List.copyOf(configs));
    rollout.references.put(rollout.revision, List.copyOf(references));
    while (rollout.configs.size() > AddOnPlacementRollout.REVISIONS_KEPT) {
      Long oldest = rollout.configs.keySet().iterator().next();
      rollout.configs.remove(oldest);
      rollout.references.remove(oldest);
    }
    rollout.previous.clear();
    rollout.previous.putAll(rollout.given);
    rollout.outcome = null;
    rollout.message = null;
    rollout.waitingGate = null;
    rollout.approvedThrough =
        rollout.revision == 1 ? RolloutPlanner.NO_GATES : RolloutPlanner.initialApproval(gates);
    return true;
  }

  /** Each selected cluster's progress at the current revision, from its add-on's reports. */
  public static Map<String, Progress> progress(
      AddOnPlacementRollout rollout, List<String> clusters, Map<String, AddOnReport> reports) {
    Map<String, Progress> progress = new LinkedHashMap<>();
    for (String cluster : clusters) {
      Long given = rollout.given.get(cluster);
      if (given == null || given != rollout.revision) {
        continue;
      }
      Instant since = Instant.ofEpochMilli(rollout.since.getOrDefault(cluster, 0L));
      AddOnReport report = reports.get(cluster);
      ClusterRolloutState state = ClusterRolloutState.APPLYING;
      if (report != null && report.revision() == rollout.revision) {
        state =
            switch (report.progress()) {
              case AddOnConditions.COMPLETED -> ClusterRolloutState.SUCCEEDED;
              case AddOnConditions.FAILED, AddOnConditions.UNSUPPORTED ->
                  ClusterRolloutState.FAILED;
              default -> ClusterRolloutState.APPLYING;
            };
      }
      progress.put(cluster, new Progress(state, since));
    }
    return progress;
  }

  /** Plans the current revision on the placement. */
  public static RolloutPlan plan(
      AddOnPlacementRollout rollout,
      RolloutStrategy strategy,
      PlacementDecisions decisions,
      Map<String, AddOnReport> reports,
      Instant now) {
    return RolloutPlanner.plan(
        strategy,
        decisions.groups(),
        progress(rollout, decisions.clusters(), reports),
        now,
        rollout.approvedThrough);
  }

  /**
   * The clusters to give the current revision now: those that never had one (new to the placement),
   * then those the plan starts, unless the rollout is paused, ended early, or breached its failure
   * budget.
   */
  public static List<String> toGive(
      AddOnPlacementRollout rollout,
      PlacementDecisions decisions,
      RolloutPlan plan,
      boolean paused) {
    Set<String> give = new LinkedHashSet<>();
    for (String cluster : decisions.clusters()) {
      if (!rollout.given.containsKey(cluster)) {
        give.add(cluster);
      }
    }
    if (!paused && rollout.outcome == null && !plan.breach()) {
      give.addAll(plan.toApply());
    }
    return new ArrayList<>(give);
  }

  /**
   * The clusters an abort with rollback returns, each with the revision it had before, newest
   * change first; clusters that had no earlier revision keep the current one.
   */
  public static Map<String, Long> rollback(AddOnPlacementRollout rollout) {
    Map<String, Long> back = new LinkedHashMap<>();
    rollout.given.forEach(
        (cluster, given) -> {
          Long before = rollout.previous.get(cluster);
          if (given == rollout.revision
              && before != null
              && before != rollout.revision
              && rollout.configs.containsKey(before)) {
            back.put(cluster, before);
          }
        });
    return back;
  }

  private static List<String> hashes(List<ConfigReference> references) {
    return references.stream()
        .map(
            r ->
                r.group()
                    + "/"
                    + r.resource()
                    + "/"
                    + r.namespace()
                    + "/"
                    + r.name()
                    + "@"
                    + hash(r.desiredConfig()))
        .sorted()
        .toList();
  }

  private static String hash(ConfigSpecHash hash) {
    return hash == null ? "" : Objects.toString(hash.specHash(), "");
  }
}
