package io.fleetflow.workflows.cluster;

import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_HUB_ACCEPTED;
import static io.fleetflow.model.cluster.ManagedCluster.CONDITION_JOINED;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.agent.AgentActivities;
import io.fleetflow.activities.agent.ClusterInfo;
import io.fleetflow.activities.hub.AutoApprovalRule;
import io.fleetflow.activities.hub.RegistrationActivities;
import io.fleetflow.activities.hub.RegistrationPolicy;
import io.fleetflow.model.cluster.ClusterClaims;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.cluster.ManagedClusterSpec;
import io.fleetflow.model.cluster.ManagedClusterStatus;
import io.fleetflow.model.cluster.ManagedClusterStatus.ClusterClaim;
import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Conditions;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.workflows.entity.AgentStubs;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ObjectChanges;
import io.fleetflow.workflows.entity.Waits;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A cluster's registration, as OCM's registration controllers run it: the agent's join (and the
 * refusal of another agent under a taken name), the operator's accept or deny with who, when and
 * why, the expiry of an undecided request, the auto-approval rules, the agent confirming its join
 * from its task queue, and the default cluster set. Everything but the waits and the activities
 * ({@link #readPolicy}, {@link #awaitDecision}, {@link #confirmJoin}) is free of Temporal calls, so
 * tests drive it with a clock of their own.
 */
final class ClusterRegistration {
  /** How long an accepted cluster's agent has to pick up its first task. */
  static final Duration AGENT_PICKUP_TIMEOUT = Duration.ofSeconds(30);

  /** How long to wait before asking an agent that did not answer again. */
  static final Duration AGENT_RETRY_DELAY = Duration.ofSeconds(30);

  /** Fleetflow's condition while a join request waits for a decision. */
  static final String CONDITION_JOIN_PENDING = "fleetflow.io/JoinRequestPending";

  /** Fleetflow's condition after another agent tried to take the cluster's name. */
  static final String CONDITION_NAME_CONFLICT = "fleetflow.io/NameConflict";

  /** When a pending join request expires, as an annotation operators can read. */
  static final String EXPIRES_AT = "fleetflow.io/join-request-expires-at";

  /** OCM's record that an auto-approval rule accepted the cluster. */
  static final String AUTO_ACCEPTED_ON = "open-cluster-management.io/automatically-accepted-on";

  private final ClusterRecord record;
  private final ClusterHealth health;
  private final Supplier<RegistrationPolicy> policy;
  private final Supplier<String> newUid;

  /**
   * @param newUid gives a new cluster its uid; {@code Workflow.randomUUID} in a workflow
   */
  ClusterRegistration(
      ClusterRecord record,
      ClusterHealth health,
      Supplier<RegistrationPolicy> policy,
      Supplier<String> newUid) {
    this.record = record;
    this.health = health;
    this.policy = policy;
    this.newUid = newUid;
  }

  /** Reads the hub's registration policy with an activity, so the history records the values. */
  static RegistrationPolicy readPolicy() {
    return HubStubs.of(
            RegistrationActivities.class,
            "read the hub's registration policy",
            Duration.ofSeconds(10))
        .policy();
  }

  /** Refuses a join without identity, during deletion, or with claims OCM would not store. */
  void validateJoin(JoinRequest request) {
    if (request.identity() == null || request.identity().isBlank()) {
      throw EntityFailures.of(EntityFailures.FORBIDDEN, "a join request must carry an identity");
    }
    if (record.cluster() != null && record.deleting()) {
      throw EntityFailures.of(
          EntityFailures.FORBIDDEN,
          "ManagedCluster \"" + request.clusterName() + "\" is being deleted; join again later");
    }
    List<FieldError> errors =
        ClusterClaims.check(request.info() == null ? null : request.info().claims());
    if (!errors.isEmpty()) {
      throw EntityFailures.invalid("ManagedCluster", request.clusterName(), errors);
    }
    ClusterCertificateRequests.check(request);
  }

  /**
   * Records an agent's join. The first join creates the cluster, not yet accepted; later joins of
   * the same identity refresh its facts. Another identity is refused with Conflict, after the
   * attempt is recorded on the cluster it aimed at.
   */
  JoinResponse join(JoinRequest request) {
    ManagedClusterState state = record.state();
    Instant now = record.now();
    if (state.agentIdentity != null && !state.agentIdentity.equals(request.identity())) {
      // Recorded before refusing, so operators see the attempt on the cluster it aimed at; the
      // cluster's own agent is not disturbed.
      record.setCondition(
          CONDITION_NAME_CONFLICT,
          Conditions.TRUE,
          "AnotherAgentClaimedTheName",
          "An agent with identity "
              + request.identity()
              + " tried to join as "
              + request.clusterName()
              + " at "
              + now
              + " and was refused; the name belongs to "
              + state.agentIdentity);
      record.event(
          "Warning",
          "DuplicateNameRefused",
          "An agent with identity "
              + request.identity()
              + " tried to join under this name and was refused");
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "the name \""
              + request.clusterName()
              + "\" is taken by another agent (identity "
              + state.agentIdentity
              + "); join under another name, or delete the ManagedCluster first");
    }
    if (state.cluster == null) {
      ManagedCluster cluster = new ManagedCluster();
      cluster.setMetadata(new ObjectMeta());
      cluster.getMetadata().setName(request.clusterName());
      cluster.setSpec(new ManagedClusterSpec());
      ObjectChanges.stampNew(cluster, now, newUid.get());
      cluster.setStatus(new ManagedClusterStatus());
      state.cluster = cluster;
      state.joinRequestedMillis = now.toEpochMilli();
    }
    state.agentIdentity = request.identity();
    if (request.clientConfigs() != null && !request.clientConfigs().isEmpty()) {
      state.cluster.getSpec().setManagedClusterClientConfigs(request.clientConfigs());
    }
    record.recordFacts(request.info());
    ObjectChanges.bump(state.cluster);
    String certificateRequest = null;
    if (request.csr() != null) {
      boolean acceptedWhenSubmitted = record.accepted();
      certificateRequest = ClusterCertificateRequests.submit(request, acceptedWhenSubmitted);
      if (!acceptedWhenSubmitted) {
        state.pendingCertificateRequest = certificateRequest;
        if (record.accepted()
            && Workflow.getVersion(ACCEPTED_WHILE_STORING, Workflow.DEFAULT_VERSION, 1) >= 1) {
          // An auto-approval rule accepted the cluster while the request was being stored, so
          // the decision found no request to approve: the request hears of it now, or the agent
          // would wait for its certificate forever.
          ClusterCertificateRequests.accepted(certificateRequest, acceptor());
        }
      }
      if (record.accepted()) {
        state.pendingCertificateRequest = null;
      }
    }
    return response(certificateRequest);
  }

  /**
   * The answer to a join as the cluster stands now.
   *
   * @param certificateRequest the name of the certificate request the join stored, or null
   */
  JoinResponse response(String certificateRequest) {
    return new JoinResponse(
        record.accepted(),
        record.cluster().getSpec().effectiveLeaseDurationSeconds(),
        record.accepted()
            ? "accepted by the hub"
            : "waiting for an operator to accept the cluster (spec.hubAcceptsClient)",
        certificateRequest);
  }

  /**
   * The {@code getVersion} change that approves a request stored while its cluster was accepted.
   */
  static final String ACCEPTED_WHILE_STORING = "csr-accepted-while-storing";

  /** Who accepted the cluster: the last decision's actor. */
  private Actor acceptor() {
    List<Decision> decisions = record.state().decisions;
    return decisions.isEmpty()
        ? Actor.system("registration", "the cluster is accepted")
        : decisions.get(decisions.size() - 1).actor();
  }

  /**
   * Registers a cluster an operator created before any agent joined: its request counts from now,
   * and a cluster created accepted records the creator's decision.
   */
  void created(ManagedCluster cluster, Actor actor) {
    health.stampTaints(List.of(), cluster.getSpec());
    record.state().cluster = cluster;
    record.state().joinRequestedMillis = record.now().toEpochMilli();
    if (cluster.getSpec().isHubAcceptsClient()) {
      recordDecision(true, actor);
    }
  }

  /**
   * Records an accept or deny: who, when and why, in the decisions, the events and the conditions.
   * A deny detaches the cluster: not joined, and no longer available to take work.
   */
  void recordDecision(boolean accepted, Actor actor) {
    ManagedClusterState state = record.state();
    Instant now = record.now();
    state.decisions.add(new Decision(accepted, actor, now.toString()));
    if (accepted) {
      ClusterCertificateRequests.accepted(state.pendingCertificateRequest, actor);
      state.pendingCertificateRequest = null;
    }
    String why = actor.reason() == null || actor.reason().isBlank() ? "" : ": " + actor.reason();
    record.event(
        "Normal",
        accepted ? "ClusterAccepted" : "ClusterDenied",
        (accepted ? "Accepted by " : "Denied by ") + actor.user() + why);
    record.setCondition(
        CONDITION_JOIN_PENDING,
        Conditions.FALSE,
        accepted ? "Accepted" : "Denied",
        (accepted ? "Accepted" : "Denied") + " by " + actor.user() + " at " + now);
    if (accepted) {
      record.setCondition(
          CONDITION_HUB_ACCEPTED,
          Conditions.TRUE,
          "HubClusterAdminAccepted",
          "Accepted by " + actor.user() + " at " + now + why);
    } else {
      record.setCondition(
          CONDITION_HUB_ACCEPTED,
          Conditions.FALSE,
          "HubClusterAdminDenied",
          "Denied by " + actor.user() + " at " + now + why);
      record.setCondition(
          CONDITION_JOINED,
          Conditions.FALSE,
          "HubClusterAdminDenied",
          "The hub denied the cluster");
      if (state.joinConfirmed) {
        health.denied();
      }
    }
    state.joinConfirmed = false;
  }

  /** Returns true when the auto-approval rules have yet to see the cluster's first join. */
  boolean autoApprovalDue() {
    return !record.state().autoApprovalEvaluated && record.state().agentIdentity != null;
  }

  /**
   * Consults the auto-approval rules once, on the first join: a rule that matches the agent's
   * identity or claims accepts the cluster as {@code system:fleetflow:auto-approval}, with OCM's
   * annotation saying when.
   */
  void autoApprove() {
    ManagedClusterState state = record.state();
    state.autoApprovalEvaluated = true;
    Map<String, String> claims =
        state.cluster.getStatus().getClusterClaims().stream()
            .collect(Collectors.toMap(ClusterClaim::name, ClusterClaim::value, (a, b) -> a));
    Optional<AutoApprovalRule> rule = policy.get().autoApprovalFor(state.agentIdentity, claims);
    if (rule.isEmpty()) {
      return;
    }
    state.cluster.getSpec().setHubAcceptsClient(true);
    state.cluster.getMetadata().setGeneration(state.cluster.getMetadata().getGeneration() + 1);
    record.annotate(AUTO_ACCEPTED_ON, record.now().toString());
    recordDecision(
        true, Actor.system("auto-approval", "auto-approval rule \"" + rule.get().name() + "\""));
  }

  /**
   * Shows that the request waits for a decision, with its expiry in an annotation and in the {@code
   * JoinRequestPending} condition.
   *
   * @return when the request expires
   */
  Instant showPending() {
    ManagedClusterState state = record.state();
    if (state.joinRequestedMillis == 0) {
      // Clusters registered before requests could expire count from their creation.
      state.joinRequestedMillis =
          Instant.parse(state.cluster.getMetadata().getCreationTimestamp()).toEpochMilli();
    }
    Instant expiresAt =
        Instant.ofEpochMilli(state.joinRequestedMillis)
            .plusSeconds(policy.get().joinRequestExpirySeconds());
    record.annotate(EXPIRES_AT, expiresAt.toString());
    record.setCondition(
        CONDITION_JOIN_PENDING,
        Conditions.TRUE,
        "WaitingForDecision",
        "Waiting for an operator to accept or deny the cluster; the request expires at "
            + expiresAt);
    return expiresAt;
  }

  /**
   * Waits on a labelled timer until a decision, a change, or the expiry.
   *
   * @param changed the workflow's own wake-up condition
   * @return false when the request expired undecided
   */
  boolean awaitDecision(Instant expiresAt, Functions.Func<Boolean> changed) {
    Instant now = record.now();
    if (!now.isBefore(expiresAt)) {
      return false;
    }
    Waits.until(
        Duration.between(now, expiresAt),
        "join request of " + record.name() + " expires",
        () -> changed.apply() || !record.pending());
    return !record.pending() || record.now().isBefore(expiresAt);
  }

  /** Ends an undecided request: the cluster is deleted, and its agent may ask again. */
  void expire() {
    record.setCondition(
        CONDITION_JOIN_PENDING,
        Conditions.FALSE,
        "JoinRequestExpired",
        "Nobody accepted or denied the cluster within "
            + Duration.ofSeconds(policy.get().joinRequestExpirySeconds())
            + "; its agent may ask again");
    ObjectChanges.markDeleting(record.cluster(), record.now());
  }

  /**
   * Asks the agent to describe its cluster on {@code cluster-<name>}; the answer proves that the
   * agent polls its queue, so the cluster is joined and available. An agent that does not pick the
   * task up within {@link #AGENT_PICKUP_TIMEOUT} leaves the cluster Unknown ({@code
   * AgentNotPolling}).
   *
   * @return true when the agent answered
   */
  boolean confirmJoin() {
    String name = record.name();
    AgentActivities agent =
        AgentStubs.forCluster(
            name,
            "describe "
                + name
                + ": its agent confirms the join from task queue "
                + AgentActivities.taskQueue(name),
            AGENT_PICKUP_TIMEOUT);
    Instant asked = record.now();
    try {
      ClusterInfo info = agent.describeCluster();
      record.recordFacts(info);
      record.state().joinConfirmed = true;
      record.setCondition(
          CONDITION_JOINED, Conditions.TRUE, "ManagedClusterJoined", "Managed cluster joined");
      health.agentConfirmed(asked);
      record.event(
          "Normal",
          "ClusterJoined",
          "The agent picked up work from " + AgentActivities.taskQueue(name));
      return true;
    } catch (ActivityFailure e) {
      health.notPolling(
          asked,
          "The agent of "
              + name
              + " did not pick up work from task queue "
              + AgentActivities.taskQueue(name)
              + " within "
              + AGENT_PICKUP_TIMEOUT.toSeconds()
              + "s; retrying every "
              + AGENT_RETRY_DELAY.toSeconds()
              + "s");
      return false;
    }
  }

  /** Labels a cluster that names no set into OCM's {@code default} set, as OCM's webhook does. */
  void joinDefaultSetIfNone() {
    ManagedCluster cluster = record.cluster();
    Map<String, String> labels = cluster.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(ManagedClusterSet.SET_LABEL)) {
      Map<String, String> updated = labels == null ? new HashMap<>() : new HashMap<>(labels);
      updated.put(ManagedClusterSet.SET_LABEL, ManagedClusterSet.DEFAULT);
      cluster.getMetadata().setLabels(updated);
      ObjectChanges.bump(cluster);
    }
  }
}
