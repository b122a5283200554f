package io.fleetflow.activities.agent;

import java.util.List;

/**
 * The outcome of applying a work, one entry per manifest, in the manifests' original order.
 *
 * @param resources each manifest's outcome
 */
public record ApplyResult(List<ResourceResult> resources) {
  /** Returns true when every manifest was applied. */
  public boolean allApplied() {
    return resources.stream().allMatch(ResourceResult::applied);
  }

  /** Returns true when every manifest exists on the cluster. */
  public boolean allAvailable() {
    return resources.stream().allMatch(ResourceResult::available);
  }
}
