package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code metav1.Condition} lists with Kubernetes semantics.
 *
 * <p>The transition time only moves when the status changes, so that operators can tell how long a
 * cluster has been unavailable. Callers pass the current time explicitly because workflow code must
 * take it from Temporal, never from the system clock.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  /**
   * Returns a new condition without times, for code that computes conditions away from the clock
   * (an agent, a pure function); whoever stores it sets the times with {@link #set}.
   */
  public static Condition of(String type, String status, String reason, String message) {
    Condition c = new Condition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    return c;
  }

  /** Returns the condition of the given type, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Returns true when the condition of the given type is present with status {@code True}. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /**
   * Sets a condition in place, adding it when missing.
   *
   * @param now the current time; becomes {@code lastTransitionTime} only if the status changed
   * @param observedGeneration the generation the condition was computed from, or null
   * @return true when anything about the condition changed
   */
  public static boolean set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Instant now,
      Long observedGeneration) {
    Optional<Condition> existing = find(conditions, type);
    if (existing.isEmpty()) {
      Condition c = new Condition();
      c.setType(type);
      c.setStatus(status);
      c.setReason(reason);
      c.setMessage(message);
      c.setObservedGeneration(observedGeneration);
      c.setLastTransitionTime(now.toString());
      conditions.add(c);
      return true;
    }
    Condition c = existing.get();
    boolean changed =
        !status.equals(c.getStatus())
            || !java.util.Objects.equals(reason, c.getReason())
            || !java.util.Objects.equals(message, c.getMessage())
            || !java.util.Objects.equals(observedGeneration, c.getObservedGeneration());
    if (!status.equals(c.getStatus())) {
      c.setLastTransitionTime(now.toString());
    }
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setObservedGeneration(observedGeneration);
    return changed;
  }

  /** Returns the status of the condition of this type, or "" when there is none (for columns). */
  public static String statusOf(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::getStatus).orElse("");
  }

  /** Returns the reason of the condition of this type, or "" when there is none (for columns). */
  public static String reasonOf(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::getReason).orElse("");
  }
}
