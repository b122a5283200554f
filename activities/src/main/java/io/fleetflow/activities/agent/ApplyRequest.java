package io.fleetflow.activities.agent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import java.util.List;

/**
 * Asks the agent to apply one generation of a ManifestWork.
 *
 * @param workNamespace the work's namespace, which is the cluster's name
 * @param workName the work's name
 * @param generation the generation being applied, for the status's observedGeneration
 * @param manifests the manifests, in the order the user wrote them (their ordinals)
 * @param manifestConfigs per-resource options, or null
 */
public record ApplyRequest(
    String workNamespace,
    String workName,
    long generation,
    List<GenericKubernetesResource> manifests,
    List<ManifestConfigOption> manifestConfigs) {}
