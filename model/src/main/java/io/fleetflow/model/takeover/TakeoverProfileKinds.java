package io.fleetflow.model.takeover;

import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.ResourceKind;

/** The kind of the takeover feature: ClusterTakeoverProfile, Fleetflow's own. */
public final class TakeoverProfileKinds {
  public static final ResourceKind<ClusterTakeoverProfile> CLUSTER_TAKEOVER_PROFILE =
      ResourceKind.of(
              ClusterTakeoverProfile.class,
              ApiGroups.FLEETFLOW,
              ApiGroups.V1ALPHA1,
              "ClusterTakeoverProfile")
          .shortNames("ctp")
          .validator(new ClusterTakeoverProfileValidator())
          .column("Resources", "integer", p -> p.getSpec().getResources().size())
          .column("Overrides", "integer", p -> p.getSpec().getOverrides().size())
          .column(
              "Notified",
              "string",
              p ->
                  statusOf(
                      p.getStatus().getConditions(), ClusterTakeoverProfile.CONDITION_NOTIFIED))
          .column("Age", "date", p -> p.getMetadata().getCreationTimestamp())
          .build();

  private TakeoverProfileKinds() {}
}
