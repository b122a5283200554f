package io.fleetflow.workflows.work;

import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The resources a ManifestWork lets go of, split by its {@code deleteOption} as OCM's work agent
 * splits them: {@code Orphan} keeps all on the cluster, {@code SelectivelyOrphan} those its rules
 * name, {@code Foreground} (or none) keeps nothing.
 *
 * @param delete the resources the agent deletes
 * @param orphan the resources the agent leaves on the cluster and stops owning
 */
record WorkRemoval(List<ResourceMeta> delete, List<ResourceMeta> orphan) {

  /**
   * Splits resources by the work's delete option.
   *
   * @param workDeleted true when the work itself is deleted, false for resources that left its spec
   * @param ownership whether the work owns what it applied (the {@code work-ownership} change);
   *     asked only when something is orphaned, so a workflow's version marker is recorded where it
   *     always was
   */
  static WorkRemoval of(
      DeleteOption option,
      List<ResourceMeta> resources,
      boolean workDeleted,
      BooleanSupplier ownership) {
    List<ResourceMeta> delete = new ArrayList<>(resources);
    List<ResourceMeta> orphan = new ArrayList<>();
    String policy = option == null ? null : option.propagationPolicy();
    if (DeleteOption.ORPHAN.equals(policy)) {
      orphan.addAll(delete);
    } else if (DeleteOption.SELECTIVELY_ORPHAN.equals(policy)
        && option.selectivelyOrphans() != null
        && option.selectivelyOrphans().orphaningRules() != null) {
      List<ResourceIdentifier> rules = option.selectivelyOrphans().orphaningRules();
      delete.stream()
          .filter(r -> rules.stream().anyMatch(rule -> AppliedResources.orphanedBy(rule, r)))
          .forEach(orphan::add);
    }
    if (orphan.isEmpty()) {
      return new WorkRemoval(delete, orphan);
    }
    if (!ownership.getAsBoolean()) {
      // As before ownership: a deleted work left its orphans alone, a changed one deleted them.
      return workDeleted
          ? new WorkRemoval(without(delete, orphan), List.of())
          : new WorkRemoval(delete, List.of());
    }
    return new WorkRemoval(without(delete, orphan), orphan);
  }

  /** Returns true when there is nothing to delete or orphan. */
  boolean isEmpty() {
    return delete.isEmpty() && orphan.isEmpty();
  }

  /**
   * Names resources for a condition's message: {@code Kind namespace/name} or {@code Kind name}.
   */
  static List<String> describe(List<ResourceMeta> resources) {
    return resources.stream()
        .map(
            r ->
                r.kind()
                    + " "
                    + (r.namespace() == null || r.namespace().isEmpty() ? "" : r.namespace() + "/")
                    + r.name())
        .toList();
  }

  private static List<ResourceMeta> without(List<ResourceMeta> all, List<ResourceMeta> some) {
    List<ResourceMeta> rest = new ArrayList<>(all);
    rest.removeAll(some);
    return rest;
  }
}
