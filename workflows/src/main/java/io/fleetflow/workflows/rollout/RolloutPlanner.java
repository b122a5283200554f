package io.fleetflow.workflows.rollout;

import io.fleetflow.model.rollout.ClusterRolloutState;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetSpec.ApprovalGates;
import io.fleetflow.model.rollout.RolloutStrategy;
import io.fleetflow.model.rollout.RolloutStrategy.MandatoryDecisionGroup;
import io.fleetflow.model.rollout.RolloutValues;
import io.fleetflow.workflows.placement.PlacementDecisions.DecisionGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, from a placement's decision groups and every cluster's progress, which clusters a
 * rollout starts now, with OCM's semantics (sdk-go {@code cluster/v1alpha1/rollout.go}):
 *
 * <ul>
 *   <li>{@code All} starts every cluster at once; there is no soak, and {@code maxFailures} only
 *       decides whether an automatic rollback is due.
 *   <li>{@code Progressive} first rolls out the mandatory decision groups, which tolerate no
 *       failure; then a window of {@code maxConcurrency} clusters (count or percent of the
 *       non-mandatory ones) slides over the rest in name order. A cluster holds its slot while it
 *       applies, while it soaks for {@code minSuccessTime} after success, and while it has failed,
 *       until {@code progressDeadline} times it out. No cluster starts once failures exceed {@code
 *       maxFailures} (count or percent of all clusters).
 *   <li>{@code ProgressivePerGroup} rolls out the mandatory groups, then the other groups in index
 *       order, one group at a time, each with a failure budget of {@code maxFailures} of its size.
 * </ul>
 *
 * Fleetflow divides every strategy into stages (the mandatory groups, then batches of {@code
 * maxConcurrency} or decision groups) so that approval gates can hold a stage until a person
 * approves it: no cluster of a stage after {@code approvedThrough} starts, and the plan names the
 * gate to open once every earlier stage is finished. The planner is a pure function: the same
 * inputs give the same plan, so workflow code may call it on every change.
 */
public final class RolloutPlanner {
  /** {@code approvedThrough} when no gate holds any stage. */
  public static final int NO_GATES = Integer.MAX_VALUE;

  private RolloutPlanner() {}

  /**
   * The last stage a new rollout may start under its approval gates: none when the first stage is
   * gated, the first when later ones are, every stage when there are no gates.
   */
  public static int initialApproval(ApprovalGates gates) {
    if (gates == null) {
      return NO_GATES;
    }
    if (gates.gatesFirstStage()) {
      return -1;
    }
    return gates.gatesLaterStages() ? 0 : NO_GATES;
  }

  /** The last stage allowed once the gate waiting before stage {@code gate} is approved. */
  public static int approvedAt(ApprovalGates gates, int gate) {
    return gates != null && gates.gatesLaterStages() ? gate : NO_GATES;
  }

  /**
   * A cluster's progress at the revision being rolled out.
   *
   * @param state its state; a cluster without progress is waiting
   * @param since when it entered the state
   */
  public record Progress(ClusterRolloutState state, Instant since) {}

  /**
   * One stage of the rollout.
   *
   * @param index its position, from 0
   * @param name a name for people: the decision group's name, {@code batch-N} or {@code all}
   * @param clusters its clusters, in the order they start
   * @param maxFailures the failures the stage tolerates on its own (mandatory stages: 0)
   */
  public record Stage(int index, String name, List<String> clusters, int maxFailures) {}

  /**
   * What to do now.
   *
   * @param stages the stages, in order
   * @param toApply the clusters to start now, in order
   * @param timedOut the clusters whose progress deadline passed and that now count as timed out
   * @param failures the failed and timed-out clusters
   * @param maxFailures the failures tolerated
   * @param breach true when failures exceed what is tolerated; nothing more starts
   * @param gate the index of the stage that waits for an approval now, or null
   * @param currentStage the index of the first stage not finished, or -1 when all are
   * @param complete true when every cluster succeeded (and soaked)
   * @param recheckAt the next moment the plan changes by itself (a soak ends, a deadline passes)
   */
  public record RolloutPlan(
      List<Stage> stages,
      List<String> toApply,
      List<String> timedOut,
      int failures,
      int maxFailures,
      boolean breach,
      Integer gate,
      int currentStage,
      boolean complete,
      Instant recheckAt) {

    /** Returns the stage a cluster belongs to. */
    public Optional<Stage> stageOf(String cluster) {
      return stages.stream().filter(s -> s.clusters().contains(cluster)).findFirst();
    }
  }

  /**
   * Plans the rollout of one placement.
   *
   * @param strategy the placement's rollout strategy (null: {@code All})
   * @param groups the placement's decision groups
   * @param progress each cluster's progress at the current revision; missing means waiting
   * @param now the current time
   * @param approvedThrough the last stage index allowed to start; -1 holds every stage, {@link
   *     #NO_GATES} none
   */
  public static RolloutPlan plan(
      RolloutStrategy strategy,
      List<DecisionGroup> groups,
      Map<String, Progress> progress,
      Instant now,
      int approvedThrough) {
    RolloutStrategy s = strategy == null ? RolloutStrategy.DEFAULT : strategy;
    String type = s.typeOrDefault();
    var config = s.config();
    Duration soak =
        RolloutStrategy.ALL.equals(type)
            ? Duration.ZERO
            : RolloutValues.duration(config.minSuccessTime()).orElse(Duration.ZERO);
    Optional<Duration> deadline = RolloutValues.duration(config.progressDeadline());
    List<Stage> stages = stages(s, groups);
    Clusters clusters = new Clusters(progress, now, soak, deadline);
    stages.forEach(stage -> stage.clusters().forEach(clusters::observe));

    int total = clusters.states.size();
    int failures = clusters.count(clusters.states.keySet(), ClusterRolloutState::isFailure);
    int maxFailures = RolloutValues.failureBudget(config.maxFailures(), total);
    boolean breach = failures > maxFailures;
    List<String> toApply = new ArrayList<>();
    switch (type) {
      case RolloutStrategy.PROGRESSIVE -> {
        breach = progressive(s, stages, clusters, approvedThrough, toApply) || breach;
      }
      case RolloutStrategy.PROGRESSIVE_PER_GROUP -> {
        breach = perGroup(stages, clusters, approvedThrough, toApply);
      }
      default -> {
        if (approvedThrough >= 0) {
          stages.forEach(stage -> toApply.addAll(clusters.waiting(stage.clusters())));
        }
      }
    }
    Integer gate = breach ? null : gate(stages, clusters, approvedThrough);
    int current = -1;
    for (Stage stage : stages) {
      if (!stage.clusters().stream().allMatch(clusters::finished)) {
        current = stage.index();
        break;
      }
    }
    boolean complete = clusters.states.keySet().stream().allMatch(clusters::soaked);
    return new RolloutPlan(
        stages,
        List.copyOf(toApply),
        List.copyOf(clusters.timedOut),
        failures,
        maxFailures,
        breach,
        gate,
        current,
        complete,
        clusters.recheckAt);
  }

  /**
   * Divides the placement's clusters into stages: the mandatory groups first, then the batches of
   * {@code maxConcurrency} (Progressive), the decision groups (ProgressivePerGroup) or one stage
   * (All).
   */
  public static List<Stage> stages(RolloutStrategy strategy, List<DecisionGroup> groups) {
    RolloutStrategy s = strategy == null ? RolloutStrategy.DEFAULT : strategy;
    List<Stage> stages = new ArrayList<>();
    Set<Integer> mandatory = new LinkedHashSet<>();
    for (MandatoryDecisionGroup m : s.mandatoryGroups()) {
      groups.stream()
          .filter(
              g ->
                  (m.groupName() != null && !m.groupName().isEmpty())
                      ? m.groupName().equals(g.name())
                      : m.groupIndex() != null && m.groupIndex() == g.index())
          .forEach(g -> mandatory.add(g.index()));
    }
    List<DecisionGroup> ordered =
        groups.stream().sorted(Comparator.comparingInt(DecisionGroup::index)).toList();
    switch (s.typeOrDefault()) {
      case RolloutStrategy.PROGRESSIVE -> {
        TreeSet<String> first = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (DecisionGroup g : ordered) {
          if (mandatory.contains(g.index())) {
            first.addAll(g.clusters());
            names.add(groupName(g));
          }
        }
        if (!first.isEmpty()) {
          stages.add(new Stage(0, String.join("+", names), List.copyOf(first), 0));
        }
        TreeSet<String> rest = new TreeSet<>();
        ordered.forEach(g -> rest.addAll(g.clusters()));
        rest.removeAll(first);
        var progressive = s.progressive();
        int window =
            RolloutValues.resolve(
                progressive == null ? null : progressive.maxConcurrency(),
                rest.size(),
                rest.size());
        List<String> batch = new ArrayList<>();
        for (String cluster : rest) {
          batch.add(cluster);
          if (batch.size() == window) {
            stages.add(
                new Stage(stages.size(), "batch-" + (stages.size() + 1), List.copyOf(batch), -1));
            batch.clear();
          }
        }
        if (!batch.isEmpty()) {
          stages.add(
              new Stage(stages.size(), "batch-" + (stages.size() + 1), List.copyOf(batch), -1));
        }
      }
      case RolloutStrategy.PROGRESSIVE_PER_GROUP -> {
        List<DecisionGroup> first = new ArrayList<>();
        for (Integer index : mandatory) {
          ordered.stream().filter(g -> g.index() == index).forEach(first::add);
        }
        List<DecisionGroup> all = new ArrayList<>(first);
        ordered.stream().filter(g -> !mandatory.contains(g.index())).forEach(all::add);
        for (DecisionGroup g : all) {
          if (g.clusters().isEmpty()) {
            continue;
          }
          int budget =
              mandatory.contains(g.index())
                  ? 0
                  : RolloutValues.failureBudget(s.config().maxFailures(), g.clusters().size());
          stages.add(
              new Stage(
                  stages.size(), groupName(g), g.clusters().stream().sorted().toList(), budget));
        }
      }
      default -> {
        List<String> all = new ArrayList<>(new TreeSet<>(clustersOf(ordered)));
        if (!all.isEmpty()) {
          stages.add(new Stage(0, "all", all, -1));
        }
      }
    }
    return stages;
  }

  /** Fills the window; returns true when a mandatory stage failed, which halts the rollout. */
  private static boolean progressive(
      RolloutStrategy s,
      List<Stage> stages,
      Clusters clusters,
      int approvedThrough,
      List<String> toApply) {
    boolean hasMandatory =
        !s.mandatoryGroups().isEmpty() && !stages.isEmpty() && stages.getFirst().maxFailures() == 0;
    if (hasMandatory) {
      List<String> mandatory = stages.getFirst().clusters();
      if (!mandatory.stream().allMatch(clusters::soaked)) {
        boolean failed = clusters.count(mandatory, ClusterRolloutState::isFailure) > 0;
        if (!failed && approvedThrough >= 0) {
          toApply.addAll(clusters.waiting(mandatory));
        }
        return failed;
      }
    }
    List<Stage> batches = hasMandatory ? stages.subList(1, stages.size()) : stages;
    int window = batches.isEmpty() ? 0 : batches.getFirst().clusters().size();
    List<String> rest = batches.stream().flatMap(b -> b.clusters().stream()).toList();
    long inFlight = rest.stream().filter(clusters::inFlight).count();
    int failures = clusters.count(clusters.states.keySet(), ClusterRolloutState::isFailure);
    int budget = RolloutValues.failureBudget(s.config().maxFailures(), clusters.states.size());
    if (failures > budget) {
      return true;
    }
    long slots = window - inFlight;
    for (Stage batch : batches) {
      if (batch.index() > approvedThrough) {
        break;
      }
      for (String cluster : clusters.waiting(batch.clusters())) {
        if (slots <= 0) {
          return false;
        }
        toApply.add(cluster);
        slots--;
      }
    }
    return false;
  }

  /** Starts the first unfinished group; returns true when a group exceeds its failure budget. */
  private static boolean perGroup(
      List<Stage> stages, Clusters clusters, int approvedThrough, List<String> toApply) {
    for (Stage stage : stages) {
      int failures = clusters.count(stage.clusters(), ClusterRolloutState::isFailure);
      if (failures > stage.maxFailures()) {
        return true;
      }
      boolean pending =
          stage.clusters().stream().anyMatch(c -> !clusters.soaked(c) && !clusters.failed(c));
      if (pending) {
        if (stage.index() <= approvedThrough) {
          toApply.addAll(clusters.waiting(stage.clusters()));
        }
        return false;
      }
    }
    return false;
  }

  /** The stage that waits for an approval: the next one, once every earlier stage is finished. */
  private static Integer gate(List<Stage> stages, Clusters clusters, int approvedThrough) {
    if (approvedThrough == NO_GATES || approvedThrough + 1 >= stages.size()) {
      return null;
    }
    int next = approvedThrough + 1;
    for (int i = 0; i < next; i++) {
      if (!stages.get(i).clusters().stream().allMatch(clusters::finished)) {
        return null;
      }
    }
    return clusters.waiting(stages.get(next).clusters()).isEmpty() ? null : next;
  }

  private static String groupName(DecisionGroup g) {
    return g.name() == null || g.name().isEmpty() ? "group-" + g.index() : g.name();
  }

  private static List<String> clustersOf(List<DecisionGroup> groups) {
    return groups.stream().flatMap(g -> g.clusters().stream()).toList();
  }

  /** Every cluster's effective state now, with timeouts applied and the next recheck found. */
  private static final class Clusters {
    private final Map<String, ClusterRolloutState> states = new HashMap<>();
    private final Map<String, Instant> since = new HashMap<>();
    private final List<String> timedOut = new ArrayList<>();
    private final Map<String, Progress> progress;
    private final Instant now;
    private final Duration soak;
    private final Optional<Duration> deadline;
    private Instant recheckAt;

    Clusters(
        Map<String, Progress> progress, Instant now, Duration soak, Optional<Duration> deadline) {
      this.progress = progress;
      this.now = now;
      this.soak = soak;
      this.deadline = deadline;
    }

    void observe(String cluster) {
      Progress p = progress.get(cluster);
      ClusterRolloutState state = p == null ? ClusterRolloutState.WAITING : p.state();
      if (state == ClusterRolloutState.ROLLED_BACK) {
        state = ClusterRolloutState.WAITING;
      }
      if ((state == ClusterRolloutState.APPLYING || state == ClusterRolloutState.FAILED)
          && deadline.isPresent()) {
        Instant end = p.since().plus(deadline.get());
        if (!now.isBefore(end)) {
          state = ClusterRolloutState.TIMED_OUT;
          timedOut.add(cluster);
        } else {
          recheck(end);
        }
      }
      if (state == ClusterRolloutState.SUCCEEDED && !soak.isZero()) {
        Instant end = p.since().plus(soak);
        if (now.isBefore(end)) {
          recheck(end);
        }
      }
      states.put(cluster, state);
      if (p != null) {
        since.put(cluster, p.since());
      }
    }

    private void recheck(Instant at) {
      if (recheckAt == null || at.isBefore(recheckAt)) {
        recheckAt = at;
      }
    }

    boolean soaked(String cluster) {
      return states.get(cluster) == ClusterRolloutState.SUCCEEDED
          && (soak.isZero() || !now.isBefore(since.get(cluster).plus(soak)));
    }

    boolean failed(String cluster) {
      return states.get(cluster).isFailure();
    }

    boolean finished(String cluster) {
      return soaked(cluster) || failed(cluster);
    }

    boolean inFlight(String cluster) {
      ClusterRolloutState state = states.get(cluster);
      return state == ClusterRolloutState.APPLYING
          || state == ClusterRolloutState.FAILED
          || (state == ClusterRolloutState.SUCCEEDED && !soaked(cluster));
    }

    List<String> waiting(List<String> of) {
      return of.stream().filter(c -> states.get(c) == ClusterRolloutState.WAITING).toList();
    }

    int count(Iterable<String> of, java.util.function.Predicate<ClusterRolloutState> test) {
      int n = 0;
      for (String c : of) {
        if (test.test(states.get(c))) {
          n++;
        }
      }
      return n;
    }
  }
}
