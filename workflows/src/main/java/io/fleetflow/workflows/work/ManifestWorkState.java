package io.fleetflow.workflows.work;

import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything a ManifestWork workflow carries across continue-as-new. */
public class ManifestWorkState {
  /** The object as the API shows it. */
  public ManifestWork work;

  /** The generation last applied on the cluster, or 0 before the first apply. */
  public long appliedGeneration;

  /**
   * The resources applied on the cluster, as OCM's AppliedManifestWork tracks them, so deletion and
   * later generations know what exists.
   */
  public List<ResourceMeta> appliedResources = new ArrayList<>();

  /**
   * The UID each applied resource had when the work applied it, by {@link AppliedResources#key}, so
   * that the agent never deletes another object of the same name. Missing for resources applied
   * before UIDs were tracked.
   */
  public Map<String, String> appliedUids = new HashMap<>();

  /** Changes the agent reported on the cluster that no apply has answered yet. */
  public List<ClusterChange> pendingChanges = new ArrayList<>();

  /** The latest drift corrections, newest last, as the current details show them. */
  public List<String> driftCorrections = new ArrayList<>();

  /** The status last reported to the work's owner ({@link WorkOwners}), to report only changes. */
  public WorkOwners.StatusReport reportedToOwner;

  /**
   * Why the work leaves its resources on the cluster instead of deleting them, because its cluster
   * was force-released (who and why), or null.
   */
  public String orphanedBecause;
}
