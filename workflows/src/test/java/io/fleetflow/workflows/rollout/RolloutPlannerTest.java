package io.fleetflow.workflows.rollout;

import static io.fleetflow.model.rollout.ClusterRolloutState.APPLYING;
import static io.fleetflow.model.rollout.ClusterRolloutState.FAILED;
import static io.fleetflow.model.rollout.ClusterRolloutState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.model.rollout.RolloutStrategy.MandatoryDecisionGroup;
import io.fleetflow.model.rollout.RolloutStrategy.RolloutAll;
import io.fleetflow.model.rollout.RolloutStrategy.RolloutProgressive;
import io.fleetflow.model.rollout.RolloutStrategy.RolloutProgressivePerGroup;
import io.fleetflow.workflows.placement.PlacementDecisions.DecisionGroup;
import io.fleetflow.workflows.rollout.RolloutPlanner.Progress;
import io.fleetflow.workflows.rollout.RolloutPlanner.RolloutPlan;
import io.fleetflow.workflows.rollout.RolloutPlanner.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner decides what starts next as OCM's rollout library does, plus Fleetflow's gates. */
class RolloutPlannerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOW = T0.plus(Duration.ofMinutes(10));
  private static final int NO_GATES = RolloutPlanner.NO_GATES;

  /** canary: c0; then two unnamed groups of the rest. */
  private static final List<DecisionGroup> GROUPS =
      List.of(
          new DecisionGroup(0, "canary", List.of("c0")),
          new DecisionGroup(1, "", List.of("c1", "c2", "c3")),
          new DecisionGroup(2, "", List.of("c4", "c5")));

  private static final RolloutStrategy ALL =
      new RolloutStrategy("All", new RolloutAll(null, "5m", null), null, null);

  private static RolloutStrategy progressive(
      Object maxConcurrency, String soak, String deadline, Object maxFailures, String mandatory) {
    return new RolloutStrategy(
        "Progressive",
        null,
        new RolloutProgressive(
            mandatory == null ? null : List.of(new MandatoryDecisionGroup(mandatory, null)),
            count(maxConcurrency),
            soak,
            deadline,
            count(maxFailures)),
        null);
  }

  private static RolloutStrategy perGroup(Object maxFailures, String mandatory) {
    return new RolloutStrategy(
        "ProgressivePerGroup",
        null,
        null,
        new RolloutProgressivePerGroup(
            mandatory == null ? null : List.of(new MandatoryDecisionGroup(mandatory, null)),
            null,
            null,
            count(maxFailures)));
  }

  private static IntOrString count(Object value) {
    return value == null
        ? null
        : value instanceof Integer i ? new IntOrString(i) : new IntOrString((String) value);
  }

  /** Progress written as "c1=succeeded@2" (state, minutes after T0). */
  private static Map<String, Progress> progress(String... entries) {
    Map<String, Progress> map = new HashMap<>();
    for (String entry : entries) {
      String[] parts = entry.split("[=@]");
      ClusterRolloutState state =
          Stream.of(ClusterRolloutState.values())
              .filter(s -> s.wire().equals(parts[1]))
              .findFirst()
              .orElseThrow();
      map.put(parts[0], new Progress(state, T0.plus(Duration.ofMinutes(Long.parseLong(parts[2])))));
    }
    return map;
  }

  static Stream<Arguments> whatStartsNow() {
    return Stream.of(
        Arguments.of(
            "All starts every cluster at once",
            ALL,
            progress(),
            NO_GATES,
            List.of("c0", "c1", "c2", "c3", "c4", "c5")),
        Arguments.of(
            "All held by a gate before the first stage starts nothing",
            ALL,
            progress(),
            -1,
            List.of()),
        Arguments.of(
            "Progressive fills a window of 2 in name order",
            progressive(2, null, null, null, null),
            progress(),
            NO_GATES,
            List.of("c0", "c1")),
        Arguments.of(
            "a percentage window is rounded up: 40% of 6 is 3",
            progressive("40%", null, null, null, null),
            progress(),
            NO_GATES,
            List.of("c0", "c1", "c2")),
        Arguments.of(
            "a succeeded cluster frees its slot",
            progressive(2, null, null, null, null),
            progress("c0=succeeded@1", "c1=applying@1"),
            NO_GATES,
            List.of("c2")),
        Arguments.of(
            "a soaking cluster keeps its slot until minSuccessTime passes",
            progressive(2, "15m", null, null, null),
            progress("c0=succeeded@1", "c1=succeeded@1"),
            NO_GATES,
            List.of()),
        Arguments.of(
            "a failed cluster keeps its slot while failures are tolerated",
            progressive(2, null, null, 1, null),
            progress("c0=failed@1", "c1=succeeded@1"),
            NO_GATES,
            List.of("c2")),
        Arguments.of(
            "a cluster past progressDeadline times out and frees its slot",
            progressive(2, null, "5m", 1, null),
            progress("c0=applying@1", "c1=succeeded@1"),
            NO_GATES,
            List.of("c2", "c3")),
        Arguments.of(
            "a maxFailures breach starts nothing more",
            progressive(2, null, null, 0, null),
            progress("c0=failed@1", "c1=succeeded@1"),
            NO_GATES,
            List.of()),
        Arguments.of(
            "mandatory groups go first, alone",
            progressive(2, null, null, null, "canary"),
            progress(),
            NO_GATES,
            List.of("c0")),
        Arguments.of(
            "after the mandatory group the window slides over the rest",
            progressive(2, null, null, null, "canary"),
            progress("c0=succeeded@1"),
            NO_GATES,
            List.of("c1", "c2")),
        Arguments.of(
            "a gate after the first batch holds the next one despite free slots",
            progressive(2, null, null, null, null),
            progress("c0=succeeded@1", "c1=succeeded@1"),
            0,
            List.of()),
        Arguments.of(
            "ProgressivePerGroup starts the mandatory group first",
            perGroup(null, "canary"),
            progress(),
            NO_GATES,
            List.of("c0")),
        Arguments.of(
            "ProgressivePerGroup starts a whole group once the previous finished",
            perGroup(null, "canary"),
            progress("c0=succeeded@1"),
            NO_GATES,
            List.of("c1", "c2", "c3")),
        Arguments.of(
            "a tolerated failure does not block the next group",
            perGroup(1, null),
            progress("c0=succeeded@1", "c1=failed@1", "c2=succeeded@1", "c3=succeeded@1"),
            NO_GATES,
            List.of("c4", "c5")),
        Arguments.of(
            "a failure in the mandatory group halts ProgressivePerGroup",
            perGroup(5, "canary"),
            progress("c0=failed@1"),
            NO_GATES,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void whatStartsNow(
      String scenario,
      RolloutStrategy strategy,
      Map<String, Progress> progress,
      int approvedThrough,
      List<String> expected) {
    RolloutPlan plan = RolloutPlanner.plan(strategy, GROUPS, progress, NOW, approvedThrough);

    assertThat(plan.toApply()).as(scenario).containsExactlyElementsOf(expected);
  }

  @Test
  void stagesAreMandatoryGroupsThenBatchesOrGroups() {
    assertThat(RolloutPlanner.stages(progressive(2, null, null, null, "canary"), GROUPS))
        .extracting(Stage::name, Stage::clusters)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("canary", List.of("c0")),
            org.assertj.core.groups.Tuple.tuple("batch-2", List.of("c1", "c2")),
            org.assertj.core.groups.Tuple.tuple("batch-3", List.of("c3", "c4")),
            org.assertj.core.groups.Tuple.tuple("batch-4", List.of("c5")));
    assertThat(RolloutPlanner.stages(perGroup(null, null), GROUPS))
        .extracting(Stage::name)
        .containsExactly("canary", "group-1", "group-2");
    assertThat(RolloutPlanner.stages(ALL, GROUPS)).extracting(Stage::name).containsExactly("all");
  }

  @Test
  void aGateOpensOnlyOnceEveryEarlierStageIsFinished() {
    RolloutStrategy strategy = progressive(2, "5m", null, 1, null);

    RolloutPlan soaking =
        RolloutPlanner.plan(strategy, GROUPS, progress("c0=succeeded@8", "c1=failed@2"), NOW, 0);
    RolloutPlan soaked =
        RolloutPlanner.plan(strategy, GROUPS, progress("c0=succeeded@1", "c1=failed@2"), NOW, 0);

    assertThat(soaking.gate()).isNull();
    assertThat(soaking.recheckAt()).isEqualTo(T0.plus(Duration.ofMinutes(13)));
    assertThat(soaked.gate()).isEqualTo(1);
    assertThat(soaked.currentStage()).isEqualTo(1);
  }

  @Test
  void timeoutsAreReportedAndCountAsFailures() {
    RolloutPlan plan =
        RolloutPlanner.plan(
            ALL,
            GROUPS,
            progress(
                "c0=applying@1",
                "c1=applying@8",
                "c2=succeeded@1",
                "c3=succeeded@1",
                "c4=succeeded@1",
                "c5=succeeded@1"),
            NOW,
            NO_GATES);

    assertThat(plan.timedOut()).containsExactly("c0");
    assertThat(plan.failures()).isEqualTo(1);
    assertThat(plan.breach()).isTrue();
    assertThat(plan.recheckAt()).isEqualTo(T0.plus(Duration.ofMinutes(13)));
    assertThat(plan.complete()).isFalse();
  }

  @Test
  void aRolloutIsCompleteWhenEveryClusterSucceededAndSoaked() {
    Map<String, Progress> all = new HashMap<>();
    for (String c : List.of("c0", "c1", "c2", "c3", "c4", "c5")) {
      all.put(c, new Progress(SUCCEEDED, T0));
    }
    all.put("c5", new Progress(SUCCEEDED, NOW.minusSeconds(60)));

    assertThat(
            RolloutPlanner.plan(progressive(3, "5m", null, null, null), GROUPS, all, NOW, NO_GATES)
                .complete())
        .isFalse();
    assertThat(
            RolloutPlanner.plan(progressive(3, "30s", null, null, null), GROUPS, all, NOW, NO_GATES)
                .complete())
        .isTrue();
    assertThat(APPLYING.isFailure()).isFalse();
    assertThat(FAILED.isFailure()).isTrue();
  }
}
