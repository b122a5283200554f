package io.fleetflow.workflows.cluster;

import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_AVAILABLE;
import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_HUB_ACCEPTED;
import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_JOINED;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import io.fleetflow.model.cluster.ManagedClusterStatus.ClusterClaim;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.CurrentDetails;
import io.fleetflow.workflows.entity.EntityClock;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.SearchAttributePublisher;
import io.fleetflow.workflows.entity.Waits;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/** Implements {@link ManagedClusterWorkflow}. */
public class ManagedClusterWorkflowImpl implements ManagedClusterWorkflow {
  /** The hub marks a cluster Unknown after this many missed leases (OCM waits five). */
  static final int LEASE_GRACE_MULTIPLIER = 3;

  /** A workflow started by a join or create that never arrived ends after this long. */
  static final Duration CREATION_WAIT = Duration.ofMinutes(1);

  /** How long an accepted cluster's agent has to pick up its first task. */
  static final Duration AGENT_PICKUP_TIMEOUT = Duration.ofSeconds(30);

  /** How long to wait before asking an agent that did not answer again. */
  static final Duration AGENT_RETRY_DELAY = Duration.ofSeconds(30);

  private static final Logger log = Workflow.getLogger(ManagedClusterWorkflowImpl.class);

  private final ManagedClusterState state;
  private final SearchAttributePublisher searchAttributes = new SearchAttributePublisher();
  private boolean dirty;

  @WorkflowInit
  public ManagedClusterWorkflowImpl(ManagedClusterState carried) {
    this.state = carried != null ? carried : new ManagedClusterState();
  }

  @Override
  public void run(ManagedClusterState carried) {
    if (!Waits.until(
        CREATION_WAIT, "wait for the first join or create", () -> state.cluster != null)) {
      return;
    }
    while (true) {
      publish();
      if (state.cluster.getMetadata().getDeletionTimestamp() != null) {
        log.info("ManagedCluster {} deleted", name());
        return;
      }
      if (accepted() && !state.joinConfirmed) {
        confirmJoin();
        publish();
        if (!state.joinConfirmed) {
          Waits.until(AGENT_RETRY_DELAY, "ask the agent of " + name() + " again", () -> dirty);
          dirty = false;
          continue;
        }
      }
      Duration leaseLeft = leaseTimeLeft();
      if (leaseLeft == null) {
        Workflow.await(() -> dirty || Workflow.getInfo().isContinueAsNewSuggested());
      } else if (!Waits.until(leaseLeft, "lease of " + name() + " expires", () -> dirty)) {
        expireLeaseIfDue();
      }
      dirty = false;
      if (Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state);
      }
    }
  }

  @Override
  public ManagedCluster get() {
    return state.cluster;
  }

  @Override
  public void validateJoin(JoinRequest request) {
    if (request.identity() == null || request.identity().isBlank()) {
      throw EntityFailures.of(EntityFailures.FORBIDDEN, "a join request must carry an identity");
    }
    if (state.agentIdentity != null && !state.agentIdentity.equals(request.identity())) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "the name \""
              + request.clusterName()
              + "\" is taken by another agent (identity "
              + state.agentIdentity
              + "); join under another name, or delete the ManagedCluster first");
    }
    if (state.cluster != null && state.cluster.getMetadata().getDeletionTimestamp() != null) {
      throw EntityFailures.of(
          EntityFailures.FORBIDDEN,
          "ManagedCluster \"" + request.clusterName() + "\" is being deleted; join again later");
    }
  }

  @Override
  public JoinResponse join(JoinRequest request) {
    Instant now = EntityClock.now();
    if (state.cluster == null) {
      ManagedCluster cluster = new ManagedCluster();
      cluster.setMetadata(new ObjectMeta());
      cluster.getMetadata().setName(request.clusterName());
      cluster.setSpec(new ManagedClusterSpec());
      ObjectChanges.stampNew(cluster, now, Workflow.randomUUID().toString());
      cluster.setStatus(new ManagedClusterStatus());
      state.cluster = cluster;
    }
    state.agentIdentity = request.identity();
    if (request.clientConfigs() != null && !request.clientConfigs().isEmpty()) {
      state.cluster.getSpec().setManagedClusterClientConfigs(request.clientConfigs());
    }
    recordFacts(request.info());
    ObjectChanges.bump(state.cluster);
    dirty = true;
    return new JoinResponse(
        accepted(),
        state.cluster.getSpec().effectiveLeaseDurationSeconds(),
        accepted()
            ? "accepted by the hub"
            : "waiting for an operator to accept the cluster (spec.hubAcceptsClient)");
  }

  @Override
  public void validateCreate(ManagedCluster cluster, Actor actor) {
    ObjectChanges.checkCreate(Kinds.MANAGED_CLUSTER, state.cluster, cluster);
  }

  @Override
  public ManagedCluster create(ManagedCluster cluster, Actor actor) {
    Instant now = EntityClock.now();
    ObjectChanges.stampNew(cluster, now, Workflow.randomUUID().toString());
    cluster.setStatus(new ManagedClusterStatus());
    state.cluster = cluster;
    if (cluster.getSpec().isHubAcceptsClient()) {
      recordDecision(true, actor, now);
    }
    dirty = true;
    return state.cluster;
  }

  @Override
  public void validateApply(ManagedCluster cluster, Actor actor) {
    ObjectChanges.checkReplace(Kinds.MANAGED_CLUSTER, state.cluster, cluster);
  }

  @Override
  public ManagedCluster apply(ManagedCluster proposed, Actor actor) {
    boolean wasAccepted = accepted();
    ObjectChanges.applyChange(state.cluster, proposed);
    if (accepted() != wasAccepted) {
      recordDecision(accepted(), actor, EntityClock.now());
    }
    dirty = true;
    return state.cluster;
  }

  @Override
  public ManagedCluster delete(Actor actor) {
    if (state.cluster == null) {
      throw EntityFailures.of(EntityFailures.NOT_FOUND, "managedclusters not found");
    }
    log.info("ManagedCluster {} deletion requested by {}", name(), actor.user());
    ObjectChanges.markDeleting(state.cluster, EntityClock.now());
    dirty = true;
    return state.cluster;
  }

  @Override
  public void renewLease(LeaseRenewal renewal) {
    if (state.cluster == null || !Objects.equals(renewal.identity(), state.agentIdentity)) {
      return;
    }
    state.lastLeaseRenewalMillis = Workflow.currentTimeMillis();
    if (accepted() && state.joinConfirmed) {
      boolean changed =
          renewal.apiServerHealthy()
              ? setCondition(
                  CONDITION_AVAILABLE,
                  Conditions.TRUE,
                  "ManagedClusterAvailable",
                  "Managed cluster is available")
              : setCondition(
                  CONDITION_AVAILABLE,
                  Conditions.FALSE,
                  "ManagedClusterKubeAPIServerUnavailable",
                  "The agent cannot reach its API server: " + renewal.message());
      dirty |= changed;
    }
  }

  private void confirmJoin() {
    AgentActivities agent =
        AgentStubs.forCluster(
            name(),
            "describe "
                + name()
                + ": its agent confirms the join from task queue "
                + AgentActivities.taskQueue(name()),
            AGENT_PICKUP_TIMEOUT);
    try {
      ClusterInfo info = agent.describeCluster();
      recordFacts(info);
      state.joinConfirmed = true;
      state.lastLeaseRenewalMillis = Workflow.currentTimeMillis();
      setCondition(
          CONDITION_JOINED, Conditions.TRUE, "ManagedClusterJoined", "Managed cluster joined");
      setCondition(
          CONDITION_AVAILABLE,
          Conditions.TRUE,
          "ManagedClusterAvailable",
          "Managed cluster is available");
    } catch (ActivityFailure e) {
      setCondition(
          CONDITION_AVAILABLE,
          Conditions.UNKNOWN,
          "AgentNotPolling",
          "The agent of "
              + name()
              + " did not pick up work from task queue "
              + AgentActivities.taskQueue(name())
              + " within "
              + AGENT_PICKUP_TIMEOUT.toSeconds()
              + "s; retrying every "
              + AGENT_RETRY_DELAY.toSeconds()
              + "s");
    }
  }

  private Duration leaseTimeLeft() {
    if (!accepted() || !state.joinConfirmed) {
      return null;
    }
    if (Conditions.find(state.cluster.getStatus().getConditions(), CONDITION_AVAILABLE)
        .map(c -> Conditions.UNKNOWN.equals(c.getStatus()))
        .orElse(false)) {
      return null;
    }
    long expiry = state.lastLeaseRenewalMillis + graceMillis();
    return Duration.ofMillis(Math.max(0, expiry - Workflow.currentTimeMillis()));
  }

  private void expireLeaseIfDue() {
    if (Workflow.currentTimeMillis() >= state.lastLeaseRenewalMillis + graceMillis()) {
      setCondition(
          CONDITION_AVAILABLE,
          Conditions.UNKNOWN,
          "ManagedClusterLeaseUpdateStopped",
          "Registration agent stopped updating its lease (no renewal for "
              + graceMillis() / 1000
              + "s).");
    }
  }

  private long graceMillis() {
    return LEASE_GRACE_MULTIPLIER * state.cluster.getSpec().effectiveLeaseDurationSeconds() * 1000L;
  }

  private void recordDecision(boolean accepted, Actor actor, Instant now) {
    state.decisions.add(new Decision(accepted, actor, now.toString()));
    String why = actor.reason() == null || actor.reason().isBlank() ? "" : ": " + actor.reason();
    if (accepted) {
      setCondition(
          CONDITION_HUB_ACCEPTED,
          Conditions.TRUE,
          "HubClusterAdminAccepted",
          "Accepted by " + actor.user() + " at " + now + why);
    } else {
      setCondition(
          CONDITION_HUB_ACCEPTED,
          Conditions.FALSE,
          "HubClusterAdminDenied",
          "Denied by " + actor.user() + " at " + now + why);
      setCondition(
          CONDITION_JOINED,
          Conditions.FALSE,
          "HubClusterAdminDenied",
          "The hub denied the cluster");
    }
    state.joinConfirmed = false;
  }

  private void recordFacts(ClusterInfo info) {
    if (info == null) {
      return;
    }
    ManagedClusterStatus status = state.cluster.getStatus();
    status.setVersion(new ManagedClusterStatus.Version(info.kubernetesVersion()));
    status.setCapacity(info.capacity());
    status.setAllocatable(info.allocatable());
    List<ClusterClaim> claims = new ArrayList<>();
    for (Map.Entry<String, String> claim : info.claims().entrySet()) {
      claims.add(new ClusterClaim(claim.getKey(), claim.getValue()));
    }
    status.setClusterClaims(claims);
  }

  private boolean setCondition(String type, String status, String reason, String message) {
    boolean changed =
        Conditions.set(
            state.cluster.getStatus().getConditions(),
            type,
            status,
            reason,
            message,
            EntityClock.now(),
            null);
    if (changed) {
      ObjectChanges.bump(state.cluster);
    }
    return changed;
  }

  private boolean accepted() {
    return state.cluster != null && state.cluster.getSpec().isHubAcceptsClient();
  }

  private String name() {
    return state.cluster.getMetadata().getName();
  }

  private String phase() {
    if (state.cluster.getMetadata().getDeletionTimestamp() != null) {
      return "Deleting";
    }
    if (!accepted()) {
      return state.decisions.isEmpty() ? "PendingApproval" : "Denied";
    }
    if (!state.joinConfirmed) {
      return "Joining";
    }
    return Conditions.find(state.cluster.getStatus().getConditions(), CONDITION_AVAILABLE)
        .map(
            c ->
                switch (c.getStatus()) {
                  case Conditions.TRUE -> "Available";
                  case Conditions.FALSE -> "Unavailable";
                  default -> "Unknown";
                })
        .orElse("Joining");
  }

  private void publish() {
    String phase = phase();
    Map<String, String> labels = state.cluster.getMetadata().getLabels();
    List<String> labelPairs =
        labels == null
            ? List.of()
            : labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .toList();
    searchAttributes
        .set(FleetflowSearchAttributes.PHASE, phase)
        .set(FleetflowSearchAttributes.CLUSTER, name())
        .set(FleetflowSearchAttributes.CLUSTER_LABELS, labelPairs)
        .publish();
    StringBuilder details = new StringBuilder();
    details.append("**").append(name()).append("** is ").append(phase).append("\n\n");
    details.append(CurrentDetails.conditions(state.cluster.getStatus().getConditions()));
    if (!state.decisions.isEmpty()) {
      Decision last = state.decisions.get(state.decisions.size() - 1);
      details
          .append("\nLast decision: ")
          .append(last.accepted() ? "accepted" : "denied")
          .append(" by ")
          .append(last.actor().user())
          .append(" at ")
          .append(last.time());
    }
    Workflow.setCurrentDetails(details.toString());
  }
}
