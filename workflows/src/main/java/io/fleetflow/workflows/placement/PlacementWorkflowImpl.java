package io.fleetflow.workflows.placement;

import io.fleetflow.activities.hub.PlacementActivities;
import io.fleetflow.activities.hub.PlacementActivities.FleetView;
import io.fleetflow.model.clusterset.ClusterSetMembership;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementDecision;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.placement.PlacementSpec.PrioritizerConfig;
import io.fleetflow.model.placement.PlacementSpec.ScoreCoordinate;
import io.fleetflow.model.placement.PlacementStatus;
import io.fleetflow.model.placement.PlacementStatus.DecisionGroupStatus;
import io.fleetflow.workflows.entity.CurrentDetails;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.entity.Waits;
import io.fleetflow.workflows.placement.scheduling.Scheduler;
import io.fleetflow.workflows.placement.scheduling.SchedulingInput;
import io.fleetflow.workflows.placement.scheduling.SchedulingResult;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;

/** Implements {@link PlacementWorkflow}. */
public class PlacementWorkflowImpl extends ReconciledEntityWorkflow<Placement>
    implements PlacementWorkflow {
  /**
   * The change that reads a round's inputs by local activity, in the workflow task that the notice
   * woke: the read took an activity task (some 30 ms to be picked up) and a workflow task more.
   * Executions from before it read by activity.
   */
  static final String LOCAL_READ = "read-inputs-locally";

  /**
   * How long a round's read may take, whether it reads the hub's cache or lists through visibility.
   */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration CREATION_WAIT = Duration.ofMinutes(1);
  private static final Duration MIN_WAIT = Duration.ofMillis(100);
  private static final Logger log = Workflow.getLogger(PlacementWorkflowImpl.class);

  private final PlacementState state;
  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private final List<String> newSubscribers = new ArrayList<>();
  private boolean specChanged;
  private String fleetChange;
  private SchedulingResult last;

  @WorkflowInit
  public PlacementWorkflowImpl(PlacementState carried) {
    super(PlacementKinds.PLACEMENT, object -> object.setStatus(new PlacementStatus()));
    this.state = carried != null ? carried : new PlacementState();
  }

  @Override
  public void run(PlacementState carried) {
    if (!Waits.until(CREATION_WAIT, "wait for the create", () -> state.placement != null)) {
      return;
    }
    followChanges();
    String why = state.decisions == null ? "the placement was created" : "a new run began";
    while (true) {
      if (deleting()) {
        finish();
        return;
      }
      schedule(why);
      why = awaitCause();
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state);
      }
    }
  }

  /**
   * Waits for the next reason to schedule (a change of the placement or the fleet, a toleration's
   * lapse, the resync), meanwhile answering new subscribers; returns the reason in words.
   */
  private String awaitCause() {
    while (true) {
      tellNewSubscribers();
      Instant now = EntityClock.now();
      Instant expiry = last == null ? null : last.nextExpiry();
      // Clusters, sets, bindings and scores signal fleetChanged; the safety resync only catches
      // up a notice lost to a failed activity.
      Duration wait = expiry == null ? SAFETY_RESYNC : Duration.between(now, expiry).plusMillis(1);
      if (wait.compareTo(MIN_WAIT) < 0) {
        // A toleration that lapsed while the round read the fleet is due at once.
        wait = MIN_WAIT;
      }
      if (wait.compareTo(SAFETY_RESYNC) > 0) {
        expiry = null;
        wait = SAFETY_RESYNC;
      }
      boolean woken =
          Waits.until(
              wait,
              expiry != null
                  ? "a toleration of " + key() + " lapses at " + expiry
                  : "resync " + key(),
              () -> specChanged || fleetChange != null || !newSubscribers.isEmpty() || deleting());
      if (!woken) {
        return expiry != null ? "a toleration lapsed at " + expiry : "the periodic resync";
      }
      if (deleting()) {
        return "the placement is being deleted";
      }
      if (specChanged) {
        specChanged = false;
        fleetChange = null;
        return "the placement changed";
      }
      if (fleetChange != null) {
        String reason = fleetChange;
        fleetChange = null;
        return reason;
      }
    }
  }

  /** Runs one scheduling round and tells subscribers when the decisions changed. */
  private void schedule(String why) {
    // Changes that arrive while this round reads the fleet set the flags again and cause another.
    specChanged = false;
    fleetChange = null;
    reconcile(EntityClock.now());
    PlacementDecisions next =
        new PlacementDecisions(
            state.placement.getMetadata().getNamespace(),
            state.placement.getMetadata().getName(),
            state.decisions == null ? 1 : state.decisions.revision(),
            last.satisfied().isTrue(),
            last.groups());
    boolean changed =
        state.decisions == null
            || !state.decisions.groups().equals(next.groups())
            || state.decisions.satisfied() != next.satisfied();
    if (changed) {
      if (state.decisions != null) {
        next =
            new PlacementDecisions(
                next.namespace(),
                next.name(),
                state.decisions.revision() + 1,
                next.satisfied(),
                next.groups());
      }
      state.lastChange = describeChange(state.decisions, next, why);
      state.decisions = next;
      writeStatus();
      log.info("{}: {}", key(), state.lastChange);
      // Everyone hears the change now, new subscribers included, so nobody hears it twice.
      newSubscribers.clear();
      tell(state.subscribers);
    } else {
      writeStatus();
    }
    publish(why);
  }

  @Override
  protected void reconcile(Instant now) {
    List<String> scoreResources = new ArrayList<>();
    if (state.placement.getSpec().getPrioritizerPolicy() != null
        && state.placement.getSpec().getPrioritizerPolicy().configurations() != null) {
      for (PrioritizerConfig config :
          state.placement.getSpec().getPrioritizerPolicy().configurations()) {
        ScoreCoordinate c = config.scoreCoordinate();
        if (c != null && ScoreCoordinate.ADD_ON.equals(c.effectiveType()) && c.addOn() != null) {
          scoreResources.add(c.addOn().resourceName());
        }
      }
    }
    FleetView fleet =
        inputs()
            .fleet(
                state.placement.getMetadata().getNamespace(),
                workflowId(),
                scoreResources,
                Scheduler.needsOtherDecisions(state.placement.getSpec()));
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    fleet.clusters().forEach(c -> labels.put(c.name(), c.labels()));
    Map<String, List<String>> boundSets = new LinkedHashMap<>();
    for (ManagedClusterSet set : fleet.boundSets()) {
      boundSets.put(set.getMetadata().getName(), ClusterSetMembership.members(set, labels));
    }
    Set<String> previous =
        state.decisions == null ? Set.of() : new HashSet<>(state.decisions.clusters());
    last =
        Scheduler.schedule(
            new SchedulingInput(
                state.placement,
                fleet.clusters(),
                boundSets,
                fleet.scores(),
                fleet.otherDecisions(),
                previous,
                now));
  }

  private void writeStatus() {
    PlacementStatus status = state.placement.getStatus();
    int selected = state.decisions.clusters().size();
    List<DecisionGroupStatus> groups =
        PlacementDecisionObjects.groupStatus(state.placement, state.decisions);
    if (selected != status.getNumberOfSelectedClusters()
        || !groups.equals(status.getDecisionGroups())) {
      status.setNumberOfSelectedClusters(selected);
      status.setDecisionGroups(groups);
      ObjectChanges.bump(state.placement);
    }
    SchedulingResult.Verdict satisfied = last.satisfied();
    setCondition(
        status.getConditions(),
        Placement.CONDITION_SATISFIED,
        satisfied.status(),
        satisfied.reason(),
        satisfied.message());
    SchedulingResult.Verdict misconfigured = last.misconfigured();
    setCondition(
        status.getConditions(),
        Placement.CONDITION_MISCONFIGURED,
        misconfigured.status(),
        misconfigured.reason(),
        misconfigured.message());
  }

  /** Sends the decisions to the given subscribers; those that ended are dropped. */
  private void tell(List<String> subscribers) {
    for (String subscriber : List.copyOf(subscribers)) {
      ExternalWorkflowStub stub = Workflow.newUntypedExternalWorkflowStub(subscriber);
      try {
        stub.signal(PlacementSignals.DECISIONS_CHANGED, state.decisions);
      } catch (RuntimeException e) {
        // Only a subscriber that no longer runs fails a signal; it is dropped as the contract says.
        log.info("{}: subscriber {} is gone, dropping it", key(), subscriber);
        state.subscribers.remove(subscriber);
      }
    }
  }

  private void tellNewSubscribers() {
    if (newSubscribers.isEmpty()) {
      return;
    }
    List<String> told = List.copyOf(newSubscribers);
    newSubscribers.clear();
    tell(told);
  }

  private void finish() {
    PlacementDecisions none =
        new PlacementDecisions(
            state.placement.getMetadata().getNamespace(),
            state.placement.getMetadata().getName(),
            state.decisions == null ? 1 : state.decisions.revision() + 1,
            false,
            List.of());
    state.decisions = none;
    tell(state.subscribers);
    searchAttributes.set(FleetflowSearchAttributes.PHASE, "Deleting").publish();
    publishDeletion();
    Workflow.setCurrentDetails("**" + key() + "** was deleted; its subscribers were told.");
  }

  private void publish(String why) {
    searchAttributes.set(FleetflowSearchAttributes.PHASE, "Active").publish();
    // Gateways' watch caches see the placement's status as a get does (guarded inside by
    // getVersion "publish-changes": placements never published before).
    publishChange();
    StringBuilder details = new StringBuilder();
    List<String> clusters = state.decisions.clusters();
    details
        .append("**")
        .append(key())
        .append("** selects ")
        .append(clusters.size())
        .append(clusters.size() == 1 ? " cluster" : " clusters")
        .append(" in ")
        .append(state.decisions.groups().size())
        .append(state.decisions.groups().size() == 1 ? " group" : " groups")
        .append(" (revision ")
        .append(state.decisions.revision())
        .append(")");
    if (!clusters.isEmpty()) {
      details.append(": ").append(shown(clusters));
    }
    details.append("\n\nLast change: ").append(state.lastChange);
    details.append("\n\nLast scheduled because ").append(why).append(".");
    if (last.nextExpiry() != null) {
      details.append(" Next toleration lapses at ").append(last.nextExpiry()).append('.');
    }
    details
        .append("\n\n")
        .append(CurrentDetails.conditions(state.placement.getStatus().getConditions()));
    if (!state.subscribers.isEmpty()) {
      details.append("\nSubscribers: ").append(String.join(", ", state.subscribers));
    }
    Workflow.setCurrentDetails(details.toString());
  }

  private String describeChange(PlacementDecisions before, PlacementDecisions after, String why) {
    Set<String> was = before == null ? Set.of() : new TreeSet<>(before.clusters());
    Set<String> now = new TreeSet<>(after.clusters());
    List<String> added = now.stream().filter(c -> !was.contains(c)).toList();
    List<String> removed = was.stream().filter(c -> !now.contains(c)).toList();
    StringBuilder change = new StringBuilder();
    change.append(EntityClock.now()).append(": ").append(why);
    if (!added.isEmpty()) {
      change.append("; selected ").append(shown(added));
    }
    if (!removed.isEmpty()) {
      change.append("; dropped ").append(shown(removed));
    }
    if (added.isEmpty() && removed.isEmpty()) {
      change.append("; groups or satisfaction changed");
    }
    return change.toString();
  }

  private static String shown(List<String> clusters) {
    return clusters.size() <= 10
        ? String.join(", ", clusters)
        : String.join(", ", clusters.subList(0, 10)) + ", ... (" + clusters.size() + ")";
  }

  @Override
  public PlacementDecisions decisions() {
    return state.decisions;
  }

  @Override
  public List<PlacementDecision> placementDecisions() {
    if (state.placement == null || state.decisions == null) {
      return List.of();
    }
    return PlacementDecisionObjects.of(state.placement, state.decisions);
  }

  @Override
  public Placement create(Placement proposed, Actor actor) {
    Placement created = super.create(proposed, actor);
    specChanged = true;
    return created;
  }

  @Override
  public Placement apply(Placement proposed, Actor actor) {
    Placement applied = super.apply(proposed, actor);
    specChanged = true;
    return applied;
  }

  @Override
  public void subscribe(String workflowId) {
    if (!state.subscribers.contains(workflowId)) {
      state.subscribers.add(workflowId);
    }
    newSubscribers.add(workflowId);
  }

  @Override
  public void unsubscribe(String workflowId) {
    state.subscribers.remove(workflowId);
    newSubscribers.remove(workflowId);
  }

  @Override
  public void fleetChanged(String reason) {
    fleetChange = reason;
  }

  @Override
  protected Placement object() {
    return state.placement;
  }

  @Override
  protected void object(Placement object) {
    state.placement = object;
  }

  private boolean deleting() {
    return state.placement.getMetadata().getDeletionTimestamp() != null;
  }

  private String key() {
    return state.placement.getMetadata().getNamespace()
        + "/"
        + state.placement.getMetadata().getName();
  }

  private String workflowId() {
    return PlacementSignals.workflowId(
        state.placement.getMetadata().getNamespace(), state.placement.getMetadata().getName());
  }

  /** The reader of a round's inputs: a local activity since {@value #LOCAL_READ}. */
  private PlacementActivities inputs() {
    String summary = "read clusters, bound sets and scores for " + key();
    if (Workflow.getVersion(LOCAL_READ, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return HubStubs.of(PlacementActivities.class, summary, READ_TIMEOUT);
    }
    return Workflow.newLocalActivityStub(
        PlacementActivities.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(READ_TIMEOUT)
            .setSummary(summary)
            .build());
  }
}
