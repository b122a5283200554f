package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import io.fleetflow.model.cluster.ManagedClusterValidator;
import io.fleetflow.model.clusterset.ClusterSetValidators;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.clusterset.ManagedClusterSetBinding;
import io.fleetflow.model.meta.ResourceKind.PrinterColumn;
import io.fleetflow.model.placement.AddOnPlacementScore;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementDecision;
import io.fleetflow.model.placement.PlacementValidators;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.RolloutStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetValidator;
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.ClusterTakeoverProfileValidator;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkValidator;
import java.util.List;
import java.util.Optional;

/** The registry of every kind Fleetflow serves. A new kind is one more entry here. */
public final class Kinds {
  public static final ResourceKind<ManagedCluster> MANAGED_CLUSTER =
      new ResourceKind<>(
          ManagedCluster.class,
          ApiGroups.CLUSTER,
          ApiGroups.V1,
          "ManagedCluster",
          "managedclusters",
          "managedcluster",
          List.of("mcl", "mcls"),
          false,
          new ManagedClusterValidator(),
          List.of(
              new PrinterColumn<>("Hub Accepted", "boolean", c -> c.getSpec().isHubAcceptsClient()),
              new PrinterColumn<>(
                  "Managed Cluster URLs",
                  "string",
                  c ->
                      String.join(
                          ",",
                          c.getSpec().getManagedClusterClientConfigs().stream()
                              .map(ClientConfig::url)
                              .toList())),
              new PrinterColumn<>(
                  "Joined",
                  "string",
                  c -> status(c.getStatus().getConditions(), ManagedCluster.CONDITION_JOINED)),
              new PrinterColumn<>(
                  "Available",
                  "string",
                  c -> status(c.getStatus().getConditions(), ManagedCluster.CONDITION_AVAILABLE)),
              new PrinterColumn<>("Age", "date", c -> c.getMetadata().getCreationTimestamp())),
          c -> c.getSpec().isHubAcceptsClient());

  public static final ResourceKind<ManifestWork> MANIFEST_WORK =
      new ResourceKind<>(
          ManifestWork.class,
          ApiGroups.WORK,
          ApiGroups.V1,
          "ManifestWork",
          "manifestworks",
          "manifestwork",
          List.of("mw"),
          true,
          new ManifestWorkValidator(),
          List.of(
              new PrinterColumn<>(
                  "Applied",
                  "string",
                  w -> status(w.getStatus().getConditions(), ManifestWork.CONDITION_APPLIED)),
              new PrinterColumn<>(
                  "Available",
                  "string",
                  w -> status(w.getStatus().getConditions(), ManifestWork.CONDITION_AVAILABLE)),
              new PrinterColumn<>("Age", "date", w -> w.getMetadata().getCreationTimestamp())));

  public static final ResourceKind<ManagedClusterSet> MANAGED_CLUSTER_SET =
      new ResourceKind<>(
          ManagedClusterSet.class,
          ApiGroups.CLUSTER,
          "v1beta2",
          "ManagedClusterSet",
          "managedclustersets",
          "managedclusterset",
          List.of("mclset", "mclsets"),
          false,
          ClusterSetValidators.SETS,
          List.of(
              new PrinterColumn<>(
                  "Empty",
                  "string",
                  s -> status(s.getStatus().getConditions(), ManagedClusterSet.CONDITION_EMPTY)),
              new PrinterColumn<>("Age", "date", s -> s.getMetadata().getCreationTimestamp())));

  public static final ResourceKind<ManagedClusterSetBinding> MANAGED_CLUSTER_SET_BINDING =
      new ResourceKind<>(
          ManagedClusterSetBinding.class,
          ApiGroups.CLUSTER,
          "v1beta2",
          "ManagedClusterSetBinding",
          "managedclustersetbindings",
          "managedclustersetbinding",
          List.of("mclsetbinding", "mclsetbindings"),
          true,
          ClusterSetValidators.BINDINGS,
          List.of(
              new PrinterColumn<>(
                  "Bound",
                  "string",
                  b ->
                      status(
                          b.getStatus().getConditions(), ManagedClusterSetBinding.CONDITION_BOUND)),
              new PrinterColumn<>("Age", "date", b -> b.getMetadata().getCreationTimestamp())));

  public static final ResourceKind<ClusterTakeoverProfile> CLUSTER_TAKEOVER_PROFILE =
      new ResourceKind<>(
          ClusterTakeoverProfile.class,
          ApiGroups.FLEETFLOW,
          ApiGroups.V1ALPHA1,
          "ClusterTakeoverProfile",
          "clustertakeoverprofiles",
          "clustertakeoverprofile",
          List.of("ctp"),
          false,
          new ClusterTakeoverProfileValidator(),
          List.of(
              new PrinterColumn<>("Resources", "integer", p -> p.getSpec().getResources().size()),
              new PrinterColumn<>("Overrides", "integer", p -> p.getSpec().getOverrides().size()),
              new PrinterColumn<>(
                  "Notified",
                  "string",
                  p ->
                      status(
                          p.getStatus().getConditions(),
                          ClusterTakeoverProfile.CONDITION_NOTIFIED)),
              new PrinterColumn<>("Age", "date", p -> p.getMetadata().getCreationTimestamp())));

  public static final ResourceKind<Placement> PLACEMENT =
      new ResourceKind<>(
          Placement.class,
          ApiGroups.CLUSTER,
          ApiGroups.V1BETA1,
          "Placement",
          "placements",
          "placement",
          List.of(),
          true,
          PlacementValidators.PLACEMENTS,
          List.of(
              new PrinterColumn<>(
                  "Succeeded",
                  "string",
                  p -> status(p.getStatus().getConditions(), Placement.CONDITION_SATISFIED)),
              new PrinterColumn<>(
                  "Reason",
                  "string",
                  p ->
                      Conditions.find(p.getStatus().getConditions(), Placement.CONDITION_SATISFIED)
                          .map(Condition::getReason)
                          .orElse("")),
              new PrinterColumn<>(
                  "SelectedClusters", "integer", p -> p.getStatus().getNumberOfSelectedClusters()),
              new PrinterColumn<>("Age", "date", p -> p.getMetadata().getCreationTimestamp())));

  /**
   * Derived from the placements' state and served read-only: a placement writes its own decisions,
   * so every write through the API is refused.
   */
  public static final ResourceKind<PlacementDecision> PLACEMENT_DECISION =
      new ResourceKind<>(
          PlacementDecision.class,
          ApiGroups.CLUSTER,
          ApiGroups.V1BETA1,
          "PlacementDecision",
          "placementdecisions",
          "placementdecision",
          List.of(),
          true,
          d ->
              List.of(
                  FieldError.forbidden(
                      "metadata.name",
                      "PlacementDecisions are written by their Placement; change the Placement")),
          List.of(
              new PrinterColumn<>(
                  "Placement",
                  "string",
                  d -> d.getMetadata().getLabels().get(Placement.PLACEMENT_LABEL)),
              new PrinterColumn<>("Decisions", "integer", d -> d.getStatus().getDecisions().size()),
              new PrinterColumn<>("Age", "date", d -> d.getMetadata().getCreationTimestamp())));

  public static final ResourceKind<AddOnPlacementScore> ADD_ON_PLACEMENT_SCORE =
      new ResourceKind<>(
          AddOnPlacementScore.class,
          ApiGroups.CLUSTER,
          ApiGroups.V1ALPHA1,
          "AddOnPlacementScore",
          "addonplacementscores",
          "addonplacementscore",
          List.of(),
          true,
          PlacementValidators.SCORES,
          List.of(
              new PrinterColumn<>("Scores", "integer", s -> s.getStatus().getScores().size()),
              new PrinterColumn<>("Valid Until", "string", s -> s.getStatus().getValidUntil()),
              new PrinterColumn<>("Age", "date", s -> s.getMetadata().getCreationTimestamp())));

  public static final ResourceKind<ManifestWorkReplicaSet> MANIFEST_WORK_REPLICA_SET =
      new ResourceKind<>(
          ManifestWorkReplicaSet.class,
          ApiGroups.WORK,
          ManifestWorkReplicaSet.VERSION,
          "ManifestWorkReplicaSet",
          "manifestworkreplicasets",
          "manifestworkreplicaset",
          List.of("mwrs"),
          true,
          new ManifestWorkReplicaSetValidator(),
          List.of(
              new PrinterColumn<>(
                  "Placement",
                  "string",
                  s ->
                      reason(
                          s.getStatus().getConditions(),
                          ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED)),
              new PrinterColumn<>(
                  "Found",
                  "string",
                  s ->
                      status(
                          s.getStatus().getConditions(),
                          ManifestWorkReplicaSet.CONDITION_PLACEMENT_VERIFIED)),
              new PrinterColumn<>(
                  "ManifestWorks",
                  "string",
                  s ->
                      reason(
                          s.getStatus().getConditions(),
                          ManifestWorkReplicaSet.CONDITION_PLACEMENT_ROLLED_OUT)),
              new PrinterColumn<>(
                  "Applied",
                  "string",
                  s ->
                      status(
                          s.getStatus().getConditions(),
                          ManifestWorkReplicaSet.CONDITION_MANIFESTWORK_APPLIED)),
              new PrinterColumn<>(
                  "Revision", "integer", s -> rollout(s).map(RolloutStatus::revision).orElse(0L)),
              new PrinterColumn<>(
                  "Phase", "string", s -> rollout(s).map(RolloutStatus::phase).orElse("")),
              new PrinterColumn<>(
                  "Updated",
                  "string",
                  s ->
                      s.getStatus().getSummary().updated()
                          + "/"
                          + s.getStatus().getSummary().desiredTotal()),
              new PrinterColumn<>("Age", "date", s -> s.getMetadata().getCreationTimestamp())));

  public static final List<ResourceKind<? extends HasMetadata>> ALL =
      List.of(
          MANAGED_CLUSTER,
          MANIFEST_WORK,
          MANAGED_CLUSTER_SET,
          MANAGED_CLUSTER_SET_BINDING,
          PLACEMENT,
          PLACEMENT_DECISION,
          ADD_ON_PLACEMENT_SCORE,
          MANIFEST_WORK_REPLICA_SET,
          CLUSTER_TAKEOVER_PROFILE);

  /** Kinds that the API serves but nobody writes through it: get, list and watch only. */
  public static final List<ResourceKind<? extends HasMetadata>> READ_ONLY =
      List.of(PLACEMENT_DECISION);

  private Kinds() {}

  /** Finds a kind by group, version and plural resource name, as a REST path names it. */
  public static Optional<ResourceKind<? extends HasMetadata>> byPath(
      String group, String version, String plural) {
    return ALL.stream()
        .filter(
            k ->
                k.group().equals(group) && k.version().equals(version) && k.plural().equals(plural))
        .findFirst();
  }

  private static String reason(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).map(Condition::getReason).orElse("");
  }

  private static Optional<RolloutStatus> rollout(ManifestWorkReplicaSet set) {
    return Optional.ofNullable(set.getStatus().getRollout());
  }

  private static String status(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).map(Condition::getStatus).orElse("");
  }
}
