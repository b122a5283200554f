package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnConfig;
import java.util.List;

/**
 * A step of an add-on's rollout for one cluster: run with these configs, as this revision of the
 * add-on. A step to an earlier revision is a rollback; the add-on then restores the works it had at
 * that revision, as they were, even when a config changed in place since.
 *
 * @param revision the add-on's config revision, from 1
 * @param configs the configs of that revision (the placement's over the defaults)
 */
public record AddOnRolloutStep(long revision, List<AddOnConfig> configs) {}
