package io.fleetflow.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import io.fleetflow.model.clusterset.ClusterSetKinds;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.ResourceKind.PrinterColumn;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.takeover.TakeoverProfileKinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindsTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @Test
  void aRestPathFindsItsKind() {
    assertThat(Kinds.byPath("cluster.open-cluster-management.io", "v1", "managedclusters"))
        .containsSame(ClusterKinds.MANAGED_CLUSTER);
    assertThat(Kinds.byPath("work.open-cluster-management.io", "v1", "manifestworks"))
        .containsSame(WorkKinds.MANIFEST_WORK);
  }

  @Test
  void aPathWithAnotherGroupVersionOrPluralFindsNothing() {
    assertThat(Kinds.byPath("cluster.open-cluster-management.io", "v1", "placements")).isEmpty();
    assertThat(Kinds.byPath("cluster.open-cluster-management.io", "v1beta1", "managedclusters"))
        .isEmpty();
    assertThat(Kinds.byPath("work.open-cluster-management.io", "v1", "managedclusters")).isEmpty();
    assertThat(Kinds.byPath("work.open-cluster-management.io", "v1", "ManifestWork")).isEmpty();
  }

  @Test
  void theKindsAreNamedAsOcmNamesThem() {
    assertThat(ClusterKinds.MANAGED_CLUSTER.apiVersion())
        .isEqualTo("cluster.open-cluster-management.io/v1");
    assertThat(ClusterKinds.MANAGED_CLUSTER.namespaced()).isFalse();
    assertThat(ClusterKinds.MANAGED_CLUSTER.shortNames()).containsExactly("mcl", "mcls");
    assertThat(WorkKinds.MANIFEST_WORK.apiVersion())
        .isEqualTo("work.open-cluster-management.io/v1");
    assertThat(WorkKinds.MANIFEST_WORK.namespaced()).isTrue();
    assertThat(WorkKinds.MANIFEST_WORK.shortNames()).containsExactly("mw");
    assertThat(Kinds.ALL)
        .contains(
            ClusterKinds.MANAGED_CLUSTER,
            WorkKinds.MANIFEST_WORK,
            ClusterSetKinds.MANAGED_CLUSTER_SET,
            ClusterSetKinds.MANAGED_CLUSTER_SET_BINDING,
            PlacementKinds.PLACEMENT,
            PlacementKinds.PLACEMENT_DECISION,
            PlacementKinds.ADD_ON_PLACEMENT_SCORE,
            RolloutKinds.MANIFEST_WORK_REPLICA_SET,
            TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE);
    assertThat(TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE.apiVersion())
        .isEqualTo("fleetflow.io/v1alpha1");
    assertThat(TakeoverProfileKinds.CLUSTER_TAKEOVER_PROFILE.namespaced()).isFalse();
    assertThat(PlacementKinds.PLACEMENT.apiVersion())
        .isEqualTo("cluster.open-cluster-management.io/v1beta1");
    assertThat(PlacementKinds.ADD_ON_PLACEMENT_SCORE.apiVersion())
        .isEqualTo("cluster.open-cluster-management.io/v1alpha1");
    assertThat(Kinds.ALL.stream().filter(ResourceKind::derived))
        .containsExactly(PlacementKinds.PLACEMENT_DECISION);
    assertThat(ClusterSetKinds.MANAGED_CLUSTER_SET.apiVersion())
        .isEqualTo("cluster.open-cluster-management.io/v1beta2");
  }

  @Test
  void theKindsAgreeWithTheirJavaTypesAnnotations() {
    ManagedCluster cluster = new ManagedCluster();
    ManifestWork work = new ManifestWork();

    assertThat(cluster.getApiVersion()).isEqualTo(ClusterKinds.MANAGED_CLUSTER.apiVersion());
    assertThat(cluster.getKind()).isEqualTo(ClusterKinds.MANAGED_CLUSTER.kind());
    assertThat(work.getApiVersion()).isEqualTo(WorkKinds.MANIFEST_WORK.apiVersion());
    assertThat(work.getKind()).isEqualTo(WorkKinds.MANIFEST_WORK.kind());
  }

  @Test
  void workflowIdsAreTheObjectsKey() {
    assertThat(ClusterKinds.MANAGED_CLUSTER.workflowId(null, "c1")).isEqualTo("ManagedCluster/c1");
    assertThat(ClusterKinds.MANAGED_CLUSTER.workflowId("ignored", "c1"))
        .isEqualTo("ManagedCluster/c1");
    assertThat(WorkKinds.MANIFEST_WORK.workflowId("c1", "hello"))
        .isEqualTo("ManifestWork/c1/hello");
  }

  @Test
  void aManifestWorksColumnsShowAppliedAndAvailableFromItsConditions() {
    ManifestWork work = new ManifestWork();
    work.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("c1")
            .withName("hello")
            .withCreationTimestamp("2025-03-01T11:00:00Z")
            .build());
    Conditions.set(
        work.getStatus().getConditions(),
        ManifestWork.CONDITION_APPLIED,
        Conditions.TRUE,
        "AppliedManifestWorkComplete",
        "Apply manifest work complete",
        NOW,
        1L);
    Conditions.set(
        work.getStatus().getConditions(),
        ManifestWork.CONDITION_AVAILABLE,
        Conditions.FALSE,
        "ResourcesNotAvailable",
        "1 of 2 resources are not available",
        NOW,
        1L);

    assertThat(cells(WorkKinds.MANIFEST_WORK, work))
        .containsExactly(
            Map.entry("Applied", "True"),
            Map.entry("Available", "False"),
            Map.entry("Age", "2025-03-01T11:00:00Z"));
  }

  @Test
  void aNewManifestWorkHasEmptyStatusCells() {
    ManifestWork work = new ManifestWork();
    work.setMetadata(new ObjectMetaBuilder().withNamespace("c1").withName("hello").build());

    Map<String, Object> cells = cells(WorkKinds.MANIFEST_WORK, work);

    assertThat(cells).containsEntry("Applied", "").containsEntry("Available", "");
    assertThat(cells.get("Age")).isNull();
  }

  @Test
  void aManagedClustersColumnsShowAcceptanceUrlsAndConditions() {
    ManagedCluster cluster = new ManagedCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("c1")
            .withCreationTimestamp("2025-03-01T10:00:00Z")
            .build());
    cluster.getSpec().setHubAcceptsClient(true);
    cluster
        .getSpec()
        .setManagedClusterClientConfigs(
            List.of(
                new ClientConfig("https://a.example.com:6443", null),
                new ClientConfig("https://b.example.com:6443", null)));
    Conditions.set(
        cluster.getStatus().getConditions(),
        ManagedCluster.CONDITION_JOINED,
        Conditions.TRUE,
        "ManagedClusterJoined",
        "Managed cluster joined",
        NOW,
        null);

    assertThat(cells(ClusterKinds.MANAGED_CLUSTER, cluster))
        .containsExactly(
            Map.entry("Hub Accepted", true),
            Map.entry(
                "Managed Cluster URLs", "https://a.example.com:6443,https://b.example.com:6443"),
            Map.entry("Joined", "True"),
            Map.entry("Available", ""),
            Map.entry("Age", "2025-03-01T10:00:00Z"));
  }

  @Test
  void theAgeColumnIsADateAndTheOthersArePlainValues() {
    assertThat(WorkKinds.MANIFEST_WORK.columns())
        .extracting(PrinterColumn::name, PrinterColumn::type)
        .containsExactly(
            tuple("Applied", "string"), tuple("Available", "string"), tuple("Age", "date"));
    assertThat(ClusterKinds.MANAGED_CLUSTER.columns())
        .extracting(PrinterColumn::type)
        .containsExactly("boolean", "string", "string", "string", "date");
  }

  private static <T extends HasMetadata> Map<String, Object> cells(ResourceKind<T> kind, T object) {
    Map<String, Object> cells = new LinkedHashMap<>();
    for (PrinterColumn<T> column : kind.columns()) {
      cells.put(column.name(), column.value().apply(object));
    }
    return cells;
  }
}
