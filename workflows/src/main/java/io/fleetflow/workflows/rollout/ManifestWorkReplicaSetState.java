package io.fleetflow.workflows.rollout;

import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.Approval;
import io.fleetflow.model.rollout.ManifestWorkReplicaSetStatus.GateStatus;
import io.fleetflow.workflows.placement.PlacementDecisions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Everything a ManifestWorkReplicaSet workflow carries across continue-as-new. */
public class ManifestWorkReplicaSetState {
  /** How many events the state keeps; older ones remain in earlier runs' histories. */
  public static final int EVENTS_KEPT = 200;

  /** The object as the API shows it. */
  public ManifestWorkReplicaSet set;

  /** The template revision being rolled out; 0 before the first. */
  public long revision;

  /** Every template revision, oldest first. */
  public List<TemplateRevision> revisions = new ArrayList<>();

  /** The user of the latest create, change or undo: who made the next revision. */
  public String lastChangeBy;

  /** What caused the next revision, when an update (undo) made it. */
  public String nextRevisionCause;

  /** Every selected cluster's part in the rollout, by name. */
  public Map<String, ClusterRollout> clusters = new TreeMap<>();

  /** The latest decisions of every placement, by placement name. */
  public Map<String, PlacementDecisions> decisions = new TreeMap<>();

  /** The placements this workflow subscribed to. */
  public TreeSet<String> subscribed = new TreeSet<>();

  /** The last stage index each placement may start, by placement name. */
  public Map<String, Integer> approvedThrough = new TreeMap<>();

  /** The gates waiting for approval. */
  public List<GateStatus> gates = new ArrayList<>();

  /** True while a person (or an expired gate) paused the rollout. */
  public boolean paused;

  /** How the rollout of the current revision ended early: null, Aborted or RolledBack. */
  public String outcome;

  /** Why it ended so. */
  public String outcomeMessage;

  /**
   * The revision whose maxFailures breach is in the events already, so that a breach without
   * automatic rollback is recorded once, not on every reconcile; 0 when none was.
   */
  public long breachRecorded;

  /** The order of the next cluster the rollout changes. */
  public long nextSequence = 1;

  /**
   * Whether the replica set holds the works it generates itself ({@link HeldWorks}) rather than a
   * ManifestWork workflow each; null until its first launch decides, for good.
   */
  public Boolean holdsWorks;

  /**
   * Held works of clusters that left the replica set, by cluster, until the agent removed their
   * resources.
   */
  public Map<String, HeldWork> removals = new TreeMap<>();

  /** Releases of clusters whose held work the replica set has not let go of yet, by cluster. */
  public Map<String, WorkRelease> releases = new TreeMap<>();

  /** Every approval given, oldest first. */
  public List<Approval> approvals = new ArrayList<>();

  /** The rollout's events, oldest first, at most {@link #EVENTS_KEPT}. */
  public List<RolloutEvent> events = new ArrayList<>();
}
