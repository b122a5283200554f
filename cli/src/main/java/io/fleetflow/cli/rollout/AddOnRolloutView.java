package io.fleetflow.cli.rollout;

import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.addon.ClusterManagementAddOnStatus.InstallProgression;
import io.fleetflow.model.meta.Conditions;

/** Renders the config rollouts of an add-on: one line per install placement. */
final class AddOnRolloutView {
  private AddOnRolloutView() {}

  static String render(ClusterManagementAddOn addOn) {
    StringBuilder out =
        new StringBuilder("clustermanagementaddon/" + addOn.getMetadata().getName() + "\n");
    if (addOn.getStatus() == null || addOn.getStatus().getInstallProgressions().isEmpty()) {
      return out.append("  no install placement: the add-on is installed by hand\n").toString();
    }
    for (InstallProgression p : addOn.getStatus().getInstallProgressions()) {
      out.append("  placement ").append(p.namespace()).append('/').append(p.name()).append(": ");
      Conditions.find(p.conditions(), "Progressing")
          .ifPresentOrElse(
              c -> out.append(c.getReason()).append(" - ").append(c.getMessage()),
              () -> out.append("not started"));
      out.append('\n');
    }
    return out.toString();
  }
}
