package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.ClusterManagementAddOnStatus.InstallProgression;
import io.fleetflow.model.meta.Conditions;
import java.util.List;

/**
 * What a ClusterManagementAddOn's workflow shows in the Temporal UI: its phase (the {@code
 * FleetflowPhase} search attribute, so unhealthy add-ons are one query away) and its current
 * details. Pure.
 */
final class AddOnDetails {
  private AddOnDetails() {}

  /**
   * The add-on's phase: {@code Paused}, {@code WaitingForApproval}, {@code Failed}, {@code
   * Aborted}, {@code RolledBack}, {@code Progressing}, then by the clusters' health {@code
   * Degraded} (some add-on is not Available) or {@code Available}.
   */
  static String phase(ClusterManagementAddOnState state) {
    if (state.paused) {
      return "Paused";
    }
    if (state.rollouts.values().stream().anyMatch(r -> r.waitingGate != null)) {
      return "WaitingForApproval";
    }
    for (InstallProgression p : state.addOn.getStatus().getInstallProgressions()) {
      String reason = Conditions.reasonOf(p.conditions(), "Progressing");
      if (List.of("Failed", "Aborted", "RolledBack", "Progressing").contains(reason)) {
        return reason;
      }
    }
    if (state.reports.values().stream().anyMatch(r -> !Conditions.TRUE.equals(r.available()))) {
      return "Degraded";
    }
    return "Available";
  }

  /** The current details: each placement's progress and the clusters that are not available. */
  static String of(ClusterManagementAddOnState state, List<InstallProgression> progressions) {
    StringBuilder text =
        new StringBuilder("**Add-on " + state.addOn.getMetadata().getName() + "**: ");
    long available =
        state.reports.values().stream().filter(r -> Conditions.TRUE.equals(r.available())).count();
    text.append(available).append("/").append(state.reports.size()).append(" clusters available");
    if (state.paused) {
      text.append(" (rollouts paused)");
    }
    for (InstallProgression p : progressions) {
      Conditions.find(p.conditions(), "Progressing")
          .ifPresent(
              c ->
                  text.append("\n- placement ")
                      .append(p.namespace())
                      .append("/")
                      .append(p.name())
                      .append(": ")
                      .append(c.getReason())
                      .append(", ")
                      .append(c.getMessage()));
    }
    List<String> unhealthy =
        state.reports.values().stream()
            .filter(r -> !Conditions.TRUE.equals(r.available()))
            .map(
                r ->
                    r.cluster()
                        + " ("
                        + (r.available().isEmpty() ? "pending" : r.available())
                        + ")")
            .limit(10)
            .toList();
    if (!unhealthy.isEmpty()) {
      text.append("\n- not available: ").append(String.join(", ", unhealthy));
    }
    return text.toString();
  }
}
