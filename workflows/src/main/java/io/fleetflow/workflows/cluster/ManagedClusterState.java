package io.fleetflow.workflows.cluster;

import io.fleetflow.model.cluster.ManagedCluster;
import java.util.ArrayList;
import java.util.List;

/** Everything a ManagedCluster workflow carries across continue-as-new. */
public class ManagedClusterState {
  /** The object as the API shows it. */
  public ManagedCluster cluster;

  /** The identity of the agent that holds the name, or null before any agent joined. */
  public String agentIdentity;

  /** Every accept and deny, oldest first. */
  public List<Decision> decisions = new ArrayList<>();

  /** When the lease was last renewed, in epoch milliseconds, or 0 if never. */
  public long lastLeaseRenewalMillis;

  /**
   * The allowance (seconds after its last poll) the liveness sweep watches the agent with, or 0
   * while it does not: the agent renews by signal, or the cluster is not accepted and joined.
   */
  public long livenessWatchSeconds;

  /** Whether the liveness sweep last heard (or told) that the agent polls. */
  public boolean livenessReachable;

  /** The lease the liveness sweep watches the agent at (seconds), or 0 while it does not. */
  public int livenessLeaseSeconds;

  /** Whether the agent has picked up work since the cluster was last accepted. */
  public boolean joinConfirmed;

  /** When the join request (or the operator's create) arrived, in epoch milliseconds. */
  public long joinRequestedMillis;

  /** Whether the auto-approval rules were consulted; they are, once, on the first join. */
  public boolean autoApprovalEvaluated;

  /** The cluster's takeover: what is installed, and what should happen next. */
  public TakeoverState takeover = new TakeoverState();

  /**
   * The CertificateSigningRequest of the agent's join that waits for the cluster's acceptance, or
   * null.
   */
  public String pendingCertificateRequest;

  /** The most recent events, oldest first, at most {@link ClusterEvent#KEPT}. */
  public List<ClusterEvent> events = new ArrayList<>();
}
