package io.fleetflow.workflows.cluster;

import io.fleetflow.model.cluster.ClusterKinds;
import io.fleetflow.model.cluster.ManagedCluster;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.workflows.entity.EntityOperations;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The life of one ManagedCluster, from its agent's first join request until it is removed. Its ID
 * is {@code ManagedCluster/<name>}; it implements the entity contract of {@link
 * io.fleetflow.workflows.entity.EntityOperations} plus the agent's join and lease.
 *
 * <p>Join and the operator's decisions are Updates, not Signals, because their callers need an
 * answer: an agent must learn that its name is taken, and an operator that a change was refused.
 * The lease is a Signal because an agent only reports and waits for nothing.
 */
@WorkflowInterface
public interface ManagedClusterWorkflow {
  /** The agent's join request, an Update that starts the workflow when none runs. */
  String JOIN = "join";

  /** The Query of the cluster's recent events. */
  String EVENTS = ClusterKinds.EVENTS;

  /** The Signal that the takeover profile changed. */
  String TAKEOVER_PROFILE_CHANGED = "takeoverProfileChanged";

  /** The agent's lease renewal, a Signal. */
  String RENEW_LEASE = "renewLease";

  /** The liveness sweep's word on the agent's polls, a Signal from the hub. */
  String AGENT_SEEN = "agentSeen";

  /** A person's denial of the cluster's join request, an Update. */
  String DENY_JOIN = "denyJoin";

  /**
   * Runs the cluster's life.
   *
   * @param state the state carried over from a previous run, or null for a new cluster
   */
  @WorkflowMethod
  void run(ManagedClusterState state);

  /** Returns the ManagedCluster as the API shows it, or null before it exists. */
  @QueryMethod(name = EntityOperations.GET)
  ManagedCluster get();

  /** Returns the cluster's recent events, oldest first. */
  @QueryMethod(name = EVENTS)
  java.util.List<ClusterEvent> events();

  /**
   * Records an agent's join request. The first request creates the cluster, not yet accepted; later
   * requests from the same identity refresh its facts. A request from another identity is refused,
   * because another cluster already holds the name.
   */
  @UpdateMethod(name = JOIN, description = "An agent asks to join, or re-joins after a restart")
  JoinResponse join(JoinRequest request);

  @UpdateValidatorMethod(updateName = JOIN)
  void validateJoin(JoinRequest request);

  /** Creates the cluster from an operator's object, before any agent joined. */
  @UpdateMethod(
      name = EntityOperations.CREATE,
      description = "An operator creates the ManagedCluster")
  ManagedCluster create(ManagedCluster cluster, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.CREATE)
  void validateCreate(ManagedCluster cluster, Actor actor);

  /**
   * Replaces labels, annotations and spec. Setting {@code spec.hubAcceptsClient} records who
   * accepted or denied the cluster, when and why; repeating the same decision changes nothing.
   */
  @UpdateMethod(
      name = EntityOperations.APPLY,
      description = "An operator changes the ManagedCluster")
  ManagedCluster apply(ManagedCluster cluster, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.APPLY)
  void validateApply(ManagedCluster cluster, Actor actor);

  /**
   * Applies a patch to the cluster as it is (see {@link EntityOperations}): two concurrent patches
   * both take effect, and a decision carried by a patch is recorded under the patch's actor.
   */
  @UpdateMethod(name = EntityOperations.PATCH, description = "A person patches the ManagedCluster")
  ManagedCluster patch(Patch patch, Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.PATCH)
  void validatePatch(Patch patch, Actor actor);

  /**
   * A person denied the cluster's join request (its bootstrap CertificateSigningRequest): a cluster
   * nobody decided on yet is denied, recorded as OCM records a denial ({@code
   * HubAcceptedManagedCluster} False, reason {@code HubClusterAdminDenied}), and no longer waits
   * for a decision. A cluster decided on already stays as it is. Only an actor who may decide on
   * managed clusters (approvers and admins) may send it.
   */
  @UpdateMethod(name = DENY_JOIN, description = "A person denies the cluster's join request")
  ManagedCluster denyJoin(Actor actor);

  @UpdateValidatorMethod(updateName = DENY_JOIN)
  void validateDenyJoin(Actor actor);

  /** Starts removing the cluster; the workflow ends when the cluster is released. */
  @UpdateMethod(
      name = EntityOperations.DELETE,
      description = "An operator deletes the ManagedCluster")
  ManagedCluster delete(Actor actor);

  @UpdateValidatorMethod(updateName = EntityOperations.DELETE)
  void validateDelete(Actor actor);

  /**
   * The takeover profile changed: the cluster installs from it again if it is taken over.
   *
   * @param generation the profile's new generation
   */
  @SignalMethod(name = TAKEOVER_PROFILE_CHANGED, description = "The takeover profile changed")
  void takeoverProfileChanged(long generation);

  /** The running install or release of the cluster's management resources reports a step. */
  @SignalMethod(name = "takeoverProgress", description = "A takeover step finished or waits")
  void takeoverProgress(io.fleetflow.workflows.takeover.TakeoverProgress progress);

  /**
   * The agent's proof of life, with the result of probing its own API server: every lease period
   * when the lease is shorter than {@link LeaseRenewals#POLLED_FROM_SECONDS}; otherwise only when
   * the probe's result changes, and hourly for the clock check, as the agent's polls prove it alive
   * in between ({@link #agentSeen}).
   */
  @SignalMethod(name = RENEW_LEASE, description = "The agent renews its lease")
  void renewLease(LeaseRenewal renewal);

  /**
   * The liveness sweep found the agent gone (no poll of its task queue for longer than the cluster
   * allows) or back. Sent by the hub's {@link ClusterLivenessWorkflow} only; agents may not.
   */
  @SignalMethod(name = AGENT_SEEN, description = "The agent's polls stopped or came back")
  void agentSeen(AgentSeen seen);
}
