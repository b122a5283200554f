package io.fleetflow.workflows.addon;

import io.fabric8.kubernetes.api.model.Condition;
import io.fleetflow.model.addon.ClusterManagementAddOnStatus.InstallConfigReference;
import io.fleetflow.model.addon.ClusterManagementAddOnStatus.InstallProgression;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.ConfigSpecHash;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.workflows.rollout.RolloutPlanner.RolloutPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One install placement's {@code installProgressions} entry, as OCM's add-on manager writes it:
 * each config's desired, last applied (everywhere) and last known good content, and a {@code
 * Progressing} condition that says how far the current revision got, with Fleetflow's reasons for
 * what OCM lacks (a waiting gate, a pause, an abort). Pure.
 */
public final class AddOnProgressions {
  public static final String REASON_WAITING_FOR_APPROVAL = "WaitingForApproval";
  public static final String REASON_PAUSED = "Paused";

  private AddOnProgressions() {}

  /**
   * The entry of one placement.
   *
   * @param plan the current plan, or null while the placement has no decisions
   * @param previous the entry as it was, so an unchanged condition keeps its transition time
   */
  public static InstallProgression of(
      AddOnPlacementRollout rollout,
      RolloutPlan plan,
      boolean paused,
      InstallProgression previous,
      Instant now) {
    String[] key = rollout.placement.split("/", 2);
    List<ConfigReference> good = rollout.references.getOrDefault(rollout.lastKnownGood, List.of());
    boolean complete = plan != null && plan.complete() && rollout.lastKnownGood == rollout.revision;
    List<InstallConfigReference> references = new ArrayList<>();
    for (ConfigReference r : rollout.currentReferences()) {
      ConfigSpecHash known = match(good, r);
      references.add(
          new InstallConfigReference(
              r.group(),
              r.resource(),
              r.desiredConfig(),
              complete ? r.desiredConfig() : known,
              known));
    }
    List<Condition> conditions =
        previous == null || previous.conditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(previous.conditions());
    String[] progressing = progressing(rollout, plan, paused);
    Conditions.set(
        conditions, "Progressing", progressing[0], progressing[1], progressing[2], now, null);
    return new InstallProgression(key[0], key[1], references, conditions);
  }

  /** The Progressing condition's status, reason and message. */
  static String[] progressing(AddOnPlacementRollout rollout, RolloutPlan plan, boolean paused) {
    if (plan == null) {
      return new String[] {Conditions.TRUE, "Progressing", "waiting for the placement's decisions"};
    }
    long total = plan.stages().stream().mapToLong(s -> s.clusters().size()).sum();
    long done =
        rollout.given.entrySet().stream().filter(e -> e.getValue() == rollout.revision).count();
    String counts =
        done
            + "/"
            + total
            + " clusters have revision "
            + rollout.revision
            + (plan.failures() > 0 ? ", " + plan.failures() + " failed" : "");
    if (rollout.outcome != null) {
      return new String[] {Conditions.FALSE, rollout.outcome, rollout.message + "; " + counts};
    }
    if (plan.breach()) {
      return new String[] {
        Conditions.FALSE,
        "Failed",
        plan.failures()
            + " clusters failed, more than maxFailures "
            + plan.maxFailures()
            + " allows; the rollout stopped (abort with rollback, or undo)"
      };
    }
    if (plan.complete()) {
      return new String[] {
        Conditions.FALSE, "Completed", total + "/" + total + " completed with no errors"
      };
    }
    if (paused) {
      return new String[] {Conditions.TRUE, REASON_PAUSED, "paused; " + counts};
    }
    if (rollout.waitingGate != null) {
      return new String[] {
        Conditions.TRUE,
        REASON_WAITING_FOR_APPROVAL,
        "stage "
            + plan.stages().get(rollout.waitingGate).name()
            + " waits for an approver; "
            + counts
      };
    }
    return new String[] {Conditions.TRUE, "Progressing", counts};
  }

  private static ConfigSpecHash match(List<ConfigReference> references, ConfigReference r) {
    return references.stream()
        .filter(
            g -> Objects.equals(g.group(), r.group()) && Objects.equals(g.resource(), r.resource()))
        .map(ConfigReference::desiredConfig)
        .findFirst()
        .orElse(null);
  }
}
