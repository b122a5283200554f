package io.fleetflow.workflows.view;

import io.fleetflow.activities.view.ViewReport;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.view.ManagedClusterView;
import java.time.Instant;
import java.util.Objects;

/**
 * How a view's status follows what its agent reports: the object goes to {@code status.result} and
 * the {@code Processing} condition says whether it could be read, with the generation of the scope
 * it was read for. A failed read leaves no stale object behind, so a missing object never looks
 * present. Pure: the workflow passes the time.
 */
public final class ViewOutcomes {
  private ViewOutcomes() {}

  /**
   * Records a report in the view's status.
   *
   * @return true when the status changed
   */
  public static boolean record(ManagedClusterView view, ViewReport report, Instant now) {
    var status = view.getStatus();
    boolean changed = !Objects.equals(status.getResult(), report.result());
    status.setResult(report.result());
    changed |=
        Conditions.set(
            status.getConditions(),
            ManagedClusterView.CONDITION_PROCESSING,
            report.processing() ? Conditions.TRUE : Conditions.FALSE,
            report.reason(),
            report.message(),
            now,
            report.generation());
    return changed;
  }

  /**
   * Records that the cluster's agent could not be reached; the last result stays, since the object
   * may well still be as it was, and the condition says how old it may be.
   *
   * @return true when the status changed
   */
  public static boolean unreachable(
      ManagedClusterView view, String reason, String message, Instant now) {
    return Conditions.set(
        view.getStatus().getConditions(),
        ManagedClusterView.CONDITION_PROCESSING,
        Conditions.FALSE,
        reason,
        message,
        now,
        view.getMetadata().getGeneration());
  }

  /** The generation of the scope the view last reported on, or 0 before its first report. */
  public static long reportedGeneration(ManagedClusterView view) {
    return Conditions.find(
            view.getStatus().getConditions(), ManagedClusterView.CONDITION_PROCESSING)
        .map(c -> c.getObservedGeneration() == null ? 0L : c.getObservedGeneration())
        .orElse(0L);
  }
}
