package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OCM's {@code ConfigReference} in a ManagedClusterAddOn's status: which config (and which content
 * of it, by spec hash) the add-on should run with, and which it last applied.
 *
 * @param group the config's group
 * @param resource the config's plural resource
 * @param name the config's name (deprecated in OCM in favour of {@code desiredConfig})
 * @param namespace the config's namespace (likewise)
 * @param desiredConfig the config and content the add-on should run with
 * @param lastAppliedConfig the config and content its work carries
 * @param lastObservedGeneration kept for OCM's clients; Fleetflow reports 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigReference(
    String group,
    String resource,
    String name,
    String namespace,
    ConfigSpecHash desiredConfig,
    ConfigSpecHash lastAppliedConfig,
    Long lastObservedGeneration) {}
