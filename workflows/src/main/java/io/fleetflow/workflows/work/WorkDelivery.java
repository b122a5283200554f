package io.fleetflow.workflows.work;

import static io.fleetflow.model.work.ManifestWork.CONDITION_APPLIED;
import static io.fleetflow.model.work.ManifestWork.CONDITION_AVAILABLE;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.DeleteRequest;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.workflows.entity.AgentStubs;
import io.temporal.failure.ActivityFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the holder of a ManifestWork makes of its agent's answers, whichever workflow holds the
 * work: a ManifestWork workflow holds its own, a replica set may hold those it generated. Pure (the
 * caller passes the time), so workflow code may call it.
 */
public final class WorkDelivery {
  private WorkDelivery() {}

  /**
   * What a work owns on its cluster after an apply.
   *
   * @param resources the resources it owns now, as OCM's AppliedManifestWork lists them
   * @param uids the UID of each, by {@link AppliedResources#key}
   * @param leftSpec the resources it owned before that are no longer in its spec
   */
  public record Tracked(
      List<ResourceMeta> resources, Map<String, String> uids, List<ResourceMeta> leftSpec) {}

  /**
   * Works out what the work owns after the agent's apply: what the agent applied, plus what is
   * still in the spec but was not applied this time (the work keeps owning what it applied before).
   *
   * @param before the resources the work owned before the apply
   * @param uidsBefore their UIDs
   */
  public static Tracked track(
      ApplyResult result, List<ResourceMeta> before, Map<String, String> uidsBefore) {
    List<ResourceMeta> applied = new ArrayList<>();
    Map<String, String> uids = new HashMap<>();
    for (ResourceResult r : result.resources()) {
      String key = AppliedResources.key(r.meta());
      if (r.uid() != null) {
        applied.add(r.meta());
        uids.put(key, r.uid());
      } else if (uidsBefore.containsKey(key)) {
        applied.add(r.meta());
        uids.put(key, uidsBefore.get(key));
      }
    }
    List<ResourceMeta> leftSpec = new ArrayList<>(before);
    leftSpec.removeIf(
        old ->
            result.resources().stream()
                .anyMatch(now -> AppliedResources.sameObject(old, now.meta())));
    return new Tracked(applied, uids, leftSpec);
  }

  /**
   * Records in a work's conditions why the agent's apply failed: Applied and Available Unknown
   * (ClusterUnreachable) when no agent picked the task up, else Applied False with the agent's
   * error; the work tries again later either way.
   *
   * @return true when a condition changed
   */
  public static boolean recordApplyFailure(
      List<Condition> conditions,
      String cluster,
      ActivityFailure failure,
      Instant now,
      long generation) {
    if (AgentStubs.isUnreachable(failure)) {
      String message =
          "Cluster "
              + cluster
              + " did not pick up the work within "
              + AgentStubs.PICKUP_TIMEOUT.toSeconds()
              + "s (agent down, or cluster not accepted yet); retrying";
      boolean applied =
          Conditions.set(
              conditions,
              CONDITION_APPLIED,
              Conditions.UNKNOWN,
              "ClusterUnreachable",
              message,
              now,
              generation);
      boolean available =
          Conditions.set(
              conditions,
              CONDITION_AVAILABLE,
              Conditions.UNKNOWN,
              "ClusterUnreachable",
              message,
              now,
              generation);
      return applied || available;
    }
    return Conditions.set(
        conditions,
        CONDITION_APPLIED,
        Conditions.FALSE,
        "AppliedManifestWorkFailed",
        "Failed to apply manifest work: " + AgentStubs.describe(failure),
        now,
        generation);
  }

  /**
   * The request that lets go of resources by the work's delete option: deletes them, or leaves
   * those it orphans on the cluster without the work's ownership.
   *
   * @param workDeleted true when the work itself goes, false for resources that left its spec
   */
  public static DeleteRequest removal(
      String cluster,
      String work,
      DeleteOption option,
      List<ResourceMeta> resources,
      Map<String, String> uids,
      boolean workDeleted) {
    WorkRemoval removal = WorkRemoval.of(option, resources, workDeleted, () -> true);
    return new DeleteRequest(
        cluster,
        work,
        AppliedResources.withUids(removal.delete(), uids),
        AppliedResources.withUids(removal.orphan(), uids));
  }
}
