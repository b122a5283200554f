package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import java.util.List;

/**
 * A step of an add-on's rollout for one cluster: run with these configs, as this revision of the
 * add-on. A step to an earlier revision is a rollback; the add-on then restores the works it had at
 * that revision, as they were, even when a config changed in place since.
 *
 * @param revision the add-on's config revision, from 1
 * @param configs the configs of that revision (the placement's over the defaults)
 * @param addOn the ClusterManagementAddOn as its workflow has it, so that a render need not ask the
 *     busy workflow that sent the step (null from steps sent before it was carried)
 */
public record AddOnRolloutStep(
    long revision, List<AddOnConfig> configs, ClusterManagementAddOn addOn) {
  /** A step without the add-on, which renders by reading it. */
  public AddOnRolloutStep(long revision, List<AddOnConfig> configs) {
    this(revision, configs, null);
  }
}
