package io.fleetflow.workflows.work;

import io.fleetflow.activities.agent.ApplyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a ManifestWork tells in words what drifted on its cluster and what the re-apply did about it:
 * the timer-free, pure half of drift correction, kept apart from the workflow that records it.
 */
public final class DriftReport {
  /** The most changes a resync summary names before it says "...". */
  static final int NAMED_IN_SUMMARY = 3;

  private DriftReport() {}

  /**
   * The resources whose desired state drifted (modified or deleted, not a status change), each once
   * in the order first seen, however many changes name it.
   */
  static Collection<ClusterChange.Resource> drifted(List<ClusterChange> changes) {
    Map<String, ClusterChange.Resource> drifted = new LinkedHashMap<>();
    for (ClusterChange change : changes) {
      for (ClusterChange.Resource r : change.resources()) {
        if (r.drifted()) {
          drifted.put(
              r.kind() + "/" + Objects.requireNonNullElse(r.namespace(), "") + "/" + r.name(), r);
        }
      }
    }
    return drifted.values();
  }

  /**
   * Each resource that drifted in {@code changes}, with what the re-apply answered by {@code
   * result} did about it, in words and stamped with {@code now}: the corrections a work records,
   * oldest first.
   */
  public static List<String> corrections(
      List<ClusterChange> changes, ApplyResult result, Instant now) {
    return drifted(changes).stream()
        .map(r -> now + " " + r.describe() + " on the cluster; " + outcome(r, result))
        .toList();
  }

  /** What the re-apply did to one drifted resource, or that the work no longer holds it. */
  static String outcome(ClusterChange.Resource r, ApplyResult result) {
    return result.resources().stream()
        .filter(
            rr ->
                rr.meta().kind().equals(r.kind())
                    && rr.meta().name().equals(r.name())
                    && Objects.equals(
                        Objects.requireNonNullElse(rr.meta().namespace(), ""),
                        Objects.requireNonNullElse(r.namespace(), "")))
        .map(rr -> "re-applied: " + rr.message())
        .findFirst()
        .orElse("no longer part of the work");
  }

  /**
   * Why a resync runs, for its activity summary: up to {@link #NAMED_IN_SUMMARY} distinct changes,
   * or the last change's reason when none names a resource (an agent that started). The list is
   * never empty: a resync runs because of at least one change.
   */
  static String reasons(List<ClusterChange> changes) {
    List<String> what = new ArrayList<>();
    changes.forEach(c -> c.resources().forEach(r -> what.add(r.describe())));
    List<String> distinct = what.stream().distinct().toList();
    if (distinct.isEmpty()) {
      return changes.get(changes.size() - 1).reason();
    }
    return String.join(", ", distinct.stream().limit(NAMED_IN_SUMMARY).toList())
        + (distinct.size() > NAMED_IN_SUMMARY ? ", ..." : "");
  }
}
