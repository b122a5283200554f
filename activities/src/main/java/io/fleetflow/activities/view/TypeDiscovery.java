package io.fleetflow.activities.view;

import io.fabric8.kubernetes.api.model.APIResource;
import java.util.List;
import java.util.Optional;

/** What a cluster's discovery API says, as {@link ObjectTypes} needs it. */
public interface TypeDiscovery {
  /** The resources of a group version ({@code v1} or {@code apps/v1}), empty when not served. */
  Optional<List<APIResource>> resources(String groupVersion);

  /** The version the cluster prefers for a group, empty when the group is not served. */
  Optional<String> preferredVersion(String group);
}
