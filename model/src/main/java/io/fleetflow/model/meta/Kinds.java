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
import io.fleetflow.model.takeover.ClusterTakeoverProfile;
import io.fleetflow.model.takeover.ClusterTakeoverProfileValidator;
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

  public static final List<ResourceKind<? extends HasMetadata>> ALL =
      List.of(
          MANAGED_CLUSTER,
          MANIFEST_WORK,
          MANAGED_CLUSTER_SET,
          MANAGED_CLUSTER_SET_BINDING,
          CLUSTER_TAKEOVER_PROFILE);

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

  private static String status(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).map(Condition::getStatus).orElse("");
  }
}
