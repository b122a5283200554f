package io.fleetflow.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.ClusterStatus;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementDecisions.DecisionGroup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rollout block of a replica set's status at fleet scale. */
class RolloutStatusViewTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @Test
  void aThousandClustersInTwentyStagesEachShowTheirOwnStage() throws Exception {
    ManifestWorkReplicaSetState state = new ManifestWorkReplicaSetState();
    state.set =
        new YAMLMapper()
            .readValue(
                """
                apiVersion: work.open-cluster-management.io/v1alpha1
                kind: ManifestWorkReplicaSet
                metadata: {name: web, namespace: apps}
                spec:
                  placementRefs:
                    - {name: edge, rolloutStrategy: {type: Progressive, progressive: {maxConcurrency: 50}}}
                    - {name: core, rolloutStrategy: {type: All}}
                """,
                ManifestWorkReplicaSet.class);
    List<String> edge = IntStream.rangeClosed(1, 1000).mapToObj(i -> "c%04d".formatted(i)).toList();
    state.decisions.put(
        "edge",
        new PlacementDecisions("apps", "edge", 1, true, List.of(new DecisionGroup(0, "", edge))));
    state.decisions.put(
        "core",
        new PlacementDecisions(
            "apps", "core", 1, true, List.of(new DecisionGroup(0, "", List.of("hub1", "hub2")))));

    edge.forEach(c -> assign(state, c, "edge"));
    List.of("hub1", "hub2").forEach(c -> assign(state, c, "core"));

    Map<String, Map<String, String>> stages = RolloutStatusView.stageNames(state);

    assertThat(stages.get("edge")).hasSize(1000);
    assertThat(stages.get("edge"))
        .containsEntry("c0001", "batch-1")
        .containsEntry("c0050", "batch-1")
        .containsEntry("c0051", "batch-2")
        .containsEntry("c1000", "batch-20");
    assertThat(stages.get("edge").values().stream().distinct()).hasSize(20);
    String all =
        RolloutStatusView.stagesOf(state, state.set.getSpec().getPlacementRefs().get(1))
            .getFirst()
            .name();
    assertThat(stages.get("core")).isEqualTo(Map.of("hub1", all, "hub2", all));

    // The status shows the same, cluster by cluster.
    state.set.setStatus(new ManifestWorkReplicaSetStatus());
    RolloutStatusView.render(state, "Progressing", "batch-1 of edge", "batch-1", false, NOW);
    assertThat(state.set.getStatus().getRollout().clusters())
        .hasSize(1002)
        .filteredOn(c -> c.cluster().equals("c0051"))
        .singleElement()
        .extracting(ClusterStatus::stage)
        .isEqualTo("batch-2");
    assertThat(state.set.getStatus().getRollout().stages()).hasSize(21);
  }

  private static void assign(ManifestWorkReplicaSetState state, String cluster, String placement) {
    ClusterRollout rollout = new ClusterRollout();
    rollout.placement = placement;
    state.clusters.put(cluster, rollout);
  }
}
