package io.fleetflow.workflows.addon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ConfigKinds;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.model.addon.ConfigSpecHash;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.model.rollout.RolloutStrategy.RolloutProgressive;
import io.fleetflow.workflows.placement.PlacementDecisions;
import io.fleetflow.workflows.placement.PlacementDecisions.DecisionGroup;
import io.fleetflow.workflows.rollout.RolloutPlanner;
import io.fleetflow.workflows.rollout.RolloutPlanner.RolloutPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An add-on's rollout on one placement, decision by decision: the install reaches every cluster at
 * once, a config change is a new revision that goes stage by stage behind its gate, an unchanged
 * content is no revision, and a rollback returns each changed cluster to what it had.
 */
class AddOnRolloutsTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final PlacementDecisions THREE =
      new PlacementDecisions(
          "ops", "all", 1, true, List.of(new DecisionGroup(0, "", List.of("a", "b", "c"))));
  private static final RolloutStrategy ONE_AT_A_TIME =
      new RolloutStrategy(
          RolloutStrategy.PROGRESSIVE,
          null,
          new RolloutProgressive(null, new IntOrString(1), null, null, null),
          null);

  @Test
  void theInstallGoesToEveryClusterAtOnceWhateverTheStrategyAndGates() {
    AddOnPlacementRollout rollout = rollout();
    assertThat(AddOnRollouts.startRevision(rollout, configs("v1"), refs("h1"), gated(), false))
        .isTrue();
    assertThat(rollout.approvedThrough).isEqualTo(RolloutPlanner.NO_GATES);

    RolloutPlan plan = AddOnRollouts.plan(rollout, ONE_AT_A_TIME, THREE, Map.of(), NOW);
    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, false)).containsExactly("a", "b", "c");
  }

  @Test
  void theSameContentIsNoNewRevisionAndAChangeIsOne() {
    AddOnPlacementRollout rollout = installed();
    assertThat(AddOnRollouts.startRevision(rollout, configs("v1"), refs("h1"), null, false))
        .isFalse();
    assertThat(AddOnRollouts.startRevision(rollout, configs("v1"), refs("h2"), null, false))
        .isTrue();
    assertThat(rollout.revision).isEqualTo(2);
    assertThat(rollout.previous).containsEntry("a", 1L);
  }

  @Test
  void aChangeWaitsAtItsGateThenGoesOneClusterAtATime() {
    AddOnPlacementRollout rollout = installed();
    AddOnRollouts.startRevision(rollout, configs("v2"), refs("h2"), firstStageOnly(), false);

    RolloutPlan plan = AddOnRollouts.plan(rollout, ONE_AT_A_TIME, THREE, Map.of(), NOW);
    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, false)).isEmpty();
    assertThat(plan.gate()).isEqualTo(0);

    rollout.approvedThrough = RolloutPlanner.approvedAt(firstStageOnly(), 0);
    plan = AddOnRollouts.plan(rollout, ONE_AT_A_TIME, THREE, Map.of(), NOW);
    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, false)).containsExactly("a");

    give(rollout, "a", 2);
    Map<String, AddOnReport> reports =
        new TreeMap<>(Map.of("a", report("a", 2, AddOnConditions.PROGRESSING)));
    plan = AddOnRollouts.plan(rollout, ONE_AT_A_TIME, THREE, reports, NOW);
    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, false))
        .as("a is still applying")
        .isEmpty();

    reports.put("a", report("a", 2, AddOnConditions.COMPLETED));
    plan = AddOnRollouts.plan(rollout, ONE_AT_A_TIME, THREE, reports, NOW);
    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, false)).containsExactly("b");
    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, true)).as("paused").isEmpty();
  }

  @Test
  void gatesBetweenStagesHoldEachLaterStageForItsOwnApproval() {
    AddOnPlacementRollout rollout = installed();
    AddOnRollouts.startRevision(rollout, configs("v2"), refs("h2"), gated(), false);
    rollout.approvedThrough = RolloutPlanner.approvedAt(gated(), 0);
    give(rollout, "a", 2);

    RolloutPlan plan =
        AddOnRollouts.plan(
            rollout,
            ONE_AT_A_TIME,
            THREE,
            Map.of("a", report("a", 2, AddOnConditions.COMPLETED)),
            NOW);

    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, false)).isEmpty();
    assertThat(plan.gate()).isEqualTo(1);
  }

  @Test
  void aFailedClusterBeyondMaxFailuresStopsTheRollout() {
    AddOnPlacementRollout rollout = installed();
    AddOnRollouts.startRevision(rollout, configs("v2"), refs("h2"), null, false);
    give(rollout, "a", 2);
    RolloutPlan plan =
        AddOnRollouts.plan(
            rollout,
            ONE_AT_A_TIME,
            THREE,
            Map.of("a", report("a", 2, AddOnConditions.FAILED)),
            NOW);
    assertThat(plan.breach()).isTrue();
    assertThat(AddOnRollouts.toGive(rollout, THREE, plan, false)).isEmpty();
  }

  @Test
  void aClusterThatJoinsLaterGetsTheCurrentRevisionAtOnce() {
    AddOnPlacementRollout rollout = installed();
    PlacementDecisions four =
        new PlacementDecisions(
            "ops", "all", 2, true, List.of(new DecisionGroup(0, "", List.of("a", "b", "c", "d"))));
    RolloutPlan plan = AddOnRollouts.plan(rollout, ONE_AT_A_TIME, four, Map.of(), NOW);
    assertThat(AddOnRollouts.toGive(rollout, four, plan, false)).containsExactly("d");
  }

  @Test
  void aRollbackReturnsEachChangedClusterToItsRevisionBefore() {
    AddOnPlacementRollout rollout = installed();
    AddOnRollouts.startRevision(rollout, configs("v2"), refs("h2"), null, false);
    give(rollout, "a", 2);
    give(rollout, "b", 2);
    assertThat(AddOnRollouts.rollback(rollout))
        .containsOnly(Map.entry("a", 1L), Map.entry("b", 1L));
  }

  private static AddOnPlacementRollout installed() {
    AddOnPlacementRollout rollout = rollout();
    AddOnRollouts.startRevision(rollout, configs("v1"), refs("h1"), null, false);
    for (String c : List.of("a", "b", "c")) {
      give(rollout, c, 1);
    }
    rollout.lastKnownGood = 1;
    return rollout;
  }

  private static AddOnPlacementRollout rollout() {
    AddOnPlacementRollout rollout = new AddOnPlacementRollout();
    rollout.placement = "ops/all";
    return rollout;
  }

  private static void give(AddOnPlacementRollout rollout, String cluster, long revision) {
    rollout.given.put(cluster, revision);
    rollout.since.put(cluster, NOW.toEpochMilli());
  }

  private static ApprovalGates firstStageOnly() {
    return new ApprovalGates(true, null, null, null);
  }

  private static ApprovalGates gated() {
    return new ApprovalGates(true, true, null, null);
  }

  private static AddOnReport report(String cluster, long revision, String progress) {
    return new AddOnReport(cluster, revision, progress, "True", false);
  }

  private static List<AddOnConfig> configs(String template) {
    return List.of(
        new AddOnConfig(ConfigKinds.GROUP, ConfigKinds.TEMPLATES, "probe-" + template, null));
  }

  private static List<ConfigReference> refs(String hash) {
    return List.of(
        new ConfigReference(
            ConfigKinds.GROUP,
            ConfigKinds.TEMPLATES,
            "probe",
            null,
            new ConfigSpecHash(null, "probe", hash),
            null,
            null));
  }
}
