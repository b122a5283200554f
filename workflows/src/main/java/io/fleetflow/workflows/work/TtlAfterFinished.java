package io.fleetflow.workflows.work;

import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkSpec.DeleteOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * OCM's {@code deleteOption.ttlSecondsAfterFinished}: a work that is {@code Complete} deletes
 * itself that many seconds after it completed (OCM's CleanUpCompletedManifestWork). The clock
 * starts at the Complete condition's lastTransitionTime, so a work whose completion is older than
 * its TTL (after a hub restart, say) is deleted at once.
 */
final class TtlAfterFinished {
  /** OCM's condition for a finished work, set by condition rules such as Job completion. */
  static final String CONDITION_COMPLETE = "Complete";

  /** The shortest wait, so a timer is never asked for no time at all. */
  private static final Duration AT_ONCE = Duration.ofSeconds(1);

  private TtlAfterFinished() {}

  /**
   * Returns how long the work still lives, or empty when it has no TTL or is not Complete.
   *
   * @param now the workflow's current time
   */
  static Optional<Duration> remaining(ManifestWork work, Instant now) {
    DeleteOption option = work.getSpec().getDeleteOption();
    if (option == null || option.ttlSecondsAfterFinished() == null) {
      return Optional.empty();
    }
    return Conditions.find(work.getStatus().getConditions(), CONDITION_COMPLETE)
        .filter(c -> Conditions.TRUE.equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(
            c -> {
              Instant completed = Instant.parse(c.getLastTransitionTime());
              Duration left =
                  Duration.ofSeconds(option.ttlSecondsAfterFinished())
                      .minus(Duration.between(completed, now));
              return left.compareTo(AT_ONCE) < 0 ? AT_ONCE : left;
            });
  }
}
