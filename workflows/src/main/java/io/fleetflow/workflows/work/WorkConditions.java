package io.fleetflow.workflows.work;

import static io.fleetflow.model.work.ManifestWork.CONDITION_APPLIED;
import static io.fleetflow.model.work.ManifestWork.CONDITION_AVAILABLE;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.activities.agent.ApplyResult;
import io.fleetflow.activities.agent.ResourceResult;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWorkStatus;
import io.fleetflow.model.work.ManifestWorkStatus.ManifestCondition;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.model.work.ManifestWorkStatus.StatusFeedbackResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns what the agent reported about each resource into a ManifestWork's status, in OCM's shape:
 * {@code resourceStatus.manifests[]} with each resource's feedback values and conditions, and the
 * work's own conditions aggregated from them.
 *
 * <ul>
 *   <li>{@code Applied}: True when every manifest was applied.
 *   <li>{@code Available}: True when every manifest exists on the cluster.
 *   <li>{@code Progressing} and {@code Degraded}: True when any manifest is (a rollout is not done
 *       while one workload still rolls, and has failed when one has failed).
 *   <li>{@code Complete} and every other condition a condition rule sets: False when any manifest
 *       has it False, else Unknown when any has it Unknown, else True (OCM's "False wins").
 * </ul>
 *
 * Every condition carries the generation it was computed for. The class is pure: the caller passes
 * the time, so a workflow may call it.
 */
public final class WorkConditions {
  /** Per-resource conditions that describe the resource alone and are not aggregated. */
  private static final Set<String> NOT_AGGREGATED =
      Set.of(CONDITION_APPLIED, CONDITION_AVAILABLE, "StatusFeedbackSynced");

  /**
   * Conditions where one resource's True decides. OCM aggregates only Progressing this way and
   * Degraded with "False wins"; a work with one failed rollout among healthy ones is degraded here.
   */
  private static final Set<String> TRUE_WINS = Set.of("Progressing", "Degraded");

  /** OCM's reason for a work condition aggregated from its resources' conditions. */
  static final String AGGREGATED = "ConditionRulesAggregated";

  private WorkConditions() {}

  /**
   * Writes the agent's report into the status.
   *
   * @param now the current time, for transition times of conditions that change
   * @param generation the generation the report is for
   * @return true when anything in the status changed
   */
  public static boolean apply(
      ManifestWorkStatus status, ApplyResult result, Instant now, long generation) {
    List<ManifestCondition> previous =
        status.getResourceStatus() == null || status.getResourceStatus().manifests() == null
            ? List.of()
            : status.getResourceStatus().manifests();
    Set<String> aggregatedBefore = aggregatedTypes(previous);
    List<ManifestCondition> manifests = new ArrayList<>();
    for (ResourceResult r : result.resources()) {
      manifests.add(manifest(r, find(previous, r.meta()), now, generation));
    }
    boolean changed = !manifests.equals(previous);
    status.setResourceStatus(new ManifestWorkStatus.ResourceStatus(manifests));
    List<Condition> work = status.getConditions();
    changed |=
        Conditions.set(
            work,
            CONDITION_APPLIED,
            result.allApplied() ? Conditions.TRUE : Conditions.FALSE,
            result.allApplied() ? "AppliedManifestWorkComplete" : "AppliedManifestWorkFailed",
            result.allApplied()
                ? "Apply manifest work complete"
                : "Failed to apply manifest work: " + first(result, r -> !r.applied()),
            now,
            generation);
    changed |=
        Conditions.set(
            work,
            CONDITION_AVAILABLE,
            result.allAvailable() ? Conditions.TRUE : Conditions.FALSE,
            result.allAvailable() ? "ResourcesAvailable" : "ResourcesNotAvailable",
            result.allAvailable()
                ? "All resources are available"
                : "Not all resources are available: " + first(result, r -> !r.available()),
            now,
            generation);
    Set<String> aggregated = aggregatedTypes(manifests);
    for (String type : aggregated) {
      changed |= aggregate(work, type, manifests, now, generation);
    }
    aggregatedBefore.removeAll(aggregated);
    changed |= work.removeIf(c -> aggregatedBefore.contains(c.getType()));
    return changed;
  }

  private static ManifestCondition manifest(
      ResourceResult r, ManifestCondition before, Instant now, long generation) {
    List<Condition> conditions = new ArrayList<>();
    if (before != null && before.conditions() != null) {
      // Keep the earlier conditions' transition times; types no longer reported are dropped below.
      before.conditions().forEach(c -> conditions.add(copy(c)));
    }
    Set<String> reported = new LinkedHashSet<>();
    reported.add(CONDITION_APPLIED);
    Conditions.set(
        conditions,
        CONDITION_APPLIED,
        r.applied() ? Conditions.TRUE : Conditions.FALSE,
        r.applied() ? "AppliedManifestComplete" : r.reason(),
        r.message(),
        now,
        generation);
    reported.add(CONDITION_AVAILABLE);
    Conditions.set(
        conditions,
        CONDITION_AVAILABLE,
        r.available() ? Conditions.TRUE : Conditions.FALSE,
        r.available() ? "ResourceAvailable" : "ResourceNotAvailable",
        r.available() ? "Resource is available" : "Resource is not available",
        now,
        generation);
    if (r.conditions() != null) {
      for (Condition c : r.conditions()) {
        reported.add(c.getType());
        Conditions.set(
            conditions, c.getType(), c.getStatus(), c.getReason(), c.getMessage(), now, generation);
      }
    }
    conditions.removeIf(c -> !reported.contains(c.getType()));
    StatusFeedbackResult feedback =
        r.statusFeedback() == null ? null : new StatusFeedbackResult(r.statusFeedback());
    return new ManifestCondition(r.meta(), feedback, conditions);
  }

  private static boolean aggregate(
      List<Condition> work,
      String type,
      List<ManifestCondition> manifests,
      Instant now,
      long generation) {
    List<String> trues = new ArrayList<>();
    List<String> falses = new ArrayList<>();
    List<String> unknowns = new ArrayList<>();
    for (ManifestCondition m : manifests) {
      for (Condition c : m.conditions()) {
        if (!type.equals(c.getType())) {
          continue;
        }
        String line =
            m.resourceMeta().kind() + " " + m.resourceMeta().name() + ": " + c.getMessage();
        switch (c.getStatus()) {
          case Conditions.TRUE -> trues.add(line);
          case Conditions.FALSE -> falses.add(line);
          default -> unknowns.add(line);
        }
      }
    }
    int total = trues.size() + falses.size() + unknowns.size();
    String status;
    List<String> why;
    if (TRUE_WINS.contains(type)) {
      status =
          !trues.isEmpty()
              ? Conditions.TRUE
              : !unknowns.isEmpty() ? Conditions.UNKNOWN : Conditions.FALSE;
      why = !trues.isEmpty() ? trues : unknowns;
    } else {
      status =
          !falses.isEmpty()
              ? Conditions.FALSE
              : !unknowns.isEmpty() ? Conditions.UNKNOWN : Conditions.TRUE;
      why = !falses.isEmpty() ? falses : unknowns;
    }
    String message =
        why.isEmpty()
            ? total
                + " of "
                + total
                + " resources are "
                + (status.equals(Conditions.TRUE) ? "" : "not ")
                + type
            : why.size() + " of " + total + " resources: " + String.join("; ", why);
    return Conditions.set(work, type, status, AGGREGATED, message, now, generation);
  }

  private static Set<String> aggregatedTypes(List<ManifestCondition> manifests) {
    Set<String> types = new LinkedHashSet<>();
    for (ManifestCondition m : manifests) {
      if (m.conditions() != null) {
        m.conditions().stream()
            .map(Condition::getType)
            .filter(t -> !NOT_AGGREGATED.contains(t))
            .forEach(types::add);
      }
    }
    return types;
  }

  private static ManifestCondition find(List<ManifestCondition> manifests, ResourceMeta meta) {
    return manifests.stream()
        .filter(
            m ->
                m.resourceMeta() != null
                    && m.resourceMeta().ordinal() == meta.ordinal()
                    && Objects.equals(m.resourceMeta().kind(), meta.kind())
                    && Objects.equals(m.resourceMeta().name(), meta.name())
                    && Objects.equals(m.resourceMeta().namespace(), meta.namespace()))
        .findFirst()
        .orElse(null);
  }

  private static String first(ApplyResult result, java.util.function.Predicate<ResourceResult> p) {
    return result.resources().stream()
        .filter(p)
        .map(r -> r.meta().kind() + " " + r.meta().name() + ": " + r.message())
        .findFirst()
        .orElse("");
  }

  private static Condition copy(Condition c) {
    Condition copy = new Condition();
    copy.setType(c.getType());
    copy.setStatus(c.getStatus());
    copy.setReason(c.getReason());
    copy.setMessage(c.getMessage());
    copy.setObservedGeneration(c.getObservedGeneration());
    copy.setLastTransitionTime(c.getLastTransitionTime());
    return copy;
  }
}
