package io.fleetflow.workflows.takeover;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/**
 * What one takeover run does on one cluster.
 *
 * @param cluster the cluster's name
 * @param release true to release the cluster (ManifestWorks, then every installed resource in
 *     reverse order), false to install {@code desired}
 * @param profileGeneration the profile generation {@code desired} comes from, for summaries
 * @param desired the resources the cluster should have, in install order (empty on release)
 * @param installed what the hub recorded as installed on the cluster before this run
 * @param forced the recorded reason to orphan what is left instead of removing it, or null
 */
public record TakeoverRequest(
    String cluster,
    boolean release,
    long profileGeneration,
    List<GenericKubernetesResource> desired,
    List<GenericKubernetesResource> installed,
    String forced) {
  public TakeoverRequest {
    desired = desired == null ? List.of() : List.copyOf(desired);
    installed = installed == null ? List.of() : List.copyOf(installed);
  }
}
