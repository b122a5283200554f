package io.fleetflow.model.work;

import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.ResourceKind;

/** The kind of the work feature: ManifestWork, in the namespace of its cluster. */
public final class WorkKinds {
  public static final ResourceKind<ManifestWork> MANIFEST_WORK =
      ResourceKind.of(ManifestWork.class, ApiGroups.WORK, ApiGroups.V1, "ManifestWork")
          .shortNames("mw")
          .namespaced()
          .validator(new ManifestWorkValidator())
          .column(
              "Applied",
              "string",
              w -> statusOf(w.getStatus().getConditions(), ManifestWork.CONDITION_APPLIED))
          .column(
              "Available",
              "string",
              w -> statusOf(w.getStatus().getConditions(), ManifestWork.CONDITION_AVAILABLE))
          .column("Age", "date", w -> w.getMetadata().getCreationTimestamp())
          .build();

  private WorkKinds() {}
}
