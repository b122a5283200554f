package io.fleetflow.workflows.placement.scheduling;

import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.placement.PlacementSpec.Toleration;
import java.time.Instant;
import java.util.List;

/**
 * OCM's taint and toleration rules: {@code PreferNoSelect} is always tolerated, {@code
 * NoSelectIfNew} is tolerated for clusters already decided, every other taint needs a matching
 * toleration, and a toleration with {@code tolerationSeconds} lapses that long after the taint's
 * {@code timeAdded}.
 */
final class Tolerations {
  static final String PREFER_NO_SELECT = "PreferNoSelect";
  static final String NO_SELECT_IF_NEW = "NoSelectIfNew";

  private Tolerations() {}

  /**
   * Whether a cluster is tolerated and, if so, when the first of its tolerations lapses.
   *
   * @param tolerated whether the placement may select the cluster now
   * @param expiry when that stops being true by a toleration's lapse, or null if never
   */
  record Outcome(boolean tolerated, Instant expiry) {}

  static Outcome check(
      List<Taint> taints, List<Toleration> tolerations, boolean decided, Instant now) {
    Instant earliest = null;
    for (Taint taint : taints) {
      if (PREFER_NO_SELECT.equals(taint.effect())
          || (NO_SELECT_IF_NEW.equals(taint.effect()) && decided)) {
        continue;
      }
      Outcome best = null;
      for (Toleration toleration : tolerations) {
        Outcome outcome = tolerates(toleration, taint, now);
        if (outcome.tolerated() && (best == null || later(outcome.expiry(), best.expiry()))) {
          best = outcome;
        }
      }
      if (best == null) {
        return new Outcome(false, null);
      }
      if (best.expiry() != null && (earliest == null || best.expiry().isBefore(earliest))) {
        earliest = best.expiry();
      }
    }
    return new Outcome(true, earliest);
  }

  private static Outcome tolerates(Toleration toleration, Taint taint, Instant now) {
    if (toleration.effect() != null
        && !toleration.effect().isEmpty()
        && !toleration.effect().equals(taint.effect())) {
      return new Outcome(false, null);
    }
    if (toleration.key() != null
        && !toleration.key().isEmpty()
        && !toleration.key().equals(taint.key())) {
      return new Outcome(false, null);
    }
    boolean matched =
        Toleration.EXISTS.equals(toleration.effectiveOperator())
            || java.util.Objects.equals(
                nullToEmpty(toleration.value()), nullToEmpty(taint.value()));
    if (!matched) {
      return new Outcome(false, null);
    }
    if (toleration.tolerationSeconds() == null || taint.timeAdded() == null) {
      // A taint without timeAdded gives the countdown no start, so the toleration holds.
      return new Outcome(true, null);
    }
    Instant expiry =
        java.time.OffsetDateTime.parse(taint.timeAdded())
            .toInstant()
            .plusSeconds(toleration.tolerationSeconds());
    return now.isBefore(expiry) ? new Outcome(true, expiry) : new Outcome(false, null);
  }

  /** Null (never) is later than any time. */
  private static boolean later(Instant a, Instant b) {
    return a == null || (b != null && a.isAfter(b));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
