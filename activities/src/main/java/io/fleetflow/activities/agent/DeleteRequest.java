package io.fleetflow.activities.agent;

import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.List;

/**
 * Asks the agent to delete resources it applied for a work.
 *
 * @param workNamespace the work's namespace, which is the cluster's name
 * @param workName the work's name
 * @param resources the resources to delete, by their coordinates on the cluster
 */
public record DeleteRequest(String workNamespace, String workName, List<ResourceMeta> resources) {}
