package io.fleetflow.workflows.takeover;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;

/**
 * How a takeover run ended.
 *
 * @param installed what is installed on the cluster now, in install order
 * @param failedResource the key of the resource that kept failing, or null
 * @param failure why it failed, or why the run stopped, or null when it completed
 * @param unreachable true when the run stopped because no agent picked its work up
 * @param orphaned resources and ManifestWorks left behind by a forced release
 */
public record TakeoverResult(
    List<GenericKubernetesResource> installed,
    String failedResource,
    String failure,
    boolean unreachable,
    List<String> orphaned) {
  public TakeoverResult {
    installed = installed == null ? List.of() : List.copyOf(installed);
    orphaned = orphaned == null ? List.of() : List.copyOf(orphaned);
  }

  /** Returns true when every step succeeded. */
  public boolean completed() {
    return failure == null;
  }
}
