package io.fleetflow.workflows.rollout;

import io.fleetflow.model.work.ManifestWorkStatus;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import io.fleetflow.workflows.work.ClusterChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ManifestWork a replica set holds for one cluster ({@link HeldWorks}), as the workflow carries
 * it: the object's server-owned metadata and status, and what it applied on the cluster. The spec
 * is the template of {@link #revision}, kept once in the replica set's revisions.
 */
public class HeldWork {
  /** The work's uid, stable for its life, so caches tell a re-created work apart. */
  public String uid;

  /** When the replica set first gave the cluster this work. */
  public String creationTimestamp;

  /** The work's generation: one more for every revision it carried. */
  public long generation;

  /** The work's own resourceVersion, moved on every change the API shows. */
  public long resourceVersion;

  /** The template revision the work carries. */
  public long revision;

  /** The generation last applied on the cluster, or 0 before the first apply. */
  public long appliedGeneration;

  /** The labels OCM puts on a generated work, and the replica set's own. */
  public Map<String, String> labels = new HashMap<>();

  /** The work's status, as a ManifestWork workflow would keep it. */
  public ManifestWorkStatus status = new ManifestWorkStatus();

  /** The resources applied on the cluster, as OCM's AppliedManifestWork lists them. */
  public List<ResourceMeta> appliedResources = new ArrayList<>();

  /** The UID of each applied resource, so the agent never deletes another of the same name. */
  public Map<String, String> appliedUids = new HashMap<>();

  /** When the work is being deleted, the time it started; null otherwise. */
  public String deletionTimestamp;

  /** When an apply or delete that failed is tried again, in epoch milliseconds; 0 when none is. */
  public long retryAtMillis;

  /**
   * The changes the agent reported that drifted the work's resources and that no apply has answered
   * yet, or null when there are none; at most {@link HeldWorks#KEPT_DRIFT_REPORTS}.
   */
  public List<ClusterChange> driftReports;

  /** The latest drift correction in words, as the work's annotation tells it; null before one. */
  public String lastDriftCorrection;

  /** Whether the change feed has seen the work, so that its next change is a modification. */
  public boolean published;

  public HeldWork() {}
}
