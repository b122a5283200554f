package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ConfigReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rollout of an add-on's configs to the clusters of one install placement. */
public class AddOnPlacementRollout {
  /** How many revisions' configs are kept for undo. */
  public static final int REVISIONS_KEPT = 5;

  /** The placement, as {@code namespace/name}. */
  public String placement;

  /** The current revision of the configs; 0 before the first. */
  public long revision;

  /** The configs of each kept revision. */
  public Map<Long, List<AddOnConfig>> configs = new TreeMap<>();

  /** The configs of each kept revision with their content hashes. */
  public Map<Long, List<ConfigReference>> references = new TreeMap<>();

  /** The latest revision that reached every cluster; 0 when none has. */
  public long lastKnownGood;

  /** The revision each cluster was last given. */
  public Map<String, Long> given = new TreeMap<>();

  /** The revision each cluster had before the current rollout changed it. */
  public Map<String, Long> previous = new TreeMap<>();

  /** When each cluster was given its revision, in epoch millis of workflow time. */
  public Map<String, Long> since = new TreeMap<>();

  /** The last stage index that may start; see the rollout planner. */
  public int approvedThrough = Integer.MAX_VALUE;

  /** The stage that waits for an approver, or null. */
  public Integer waitingGate;

  /** When the waiting gate started waiting, in epoch millis. */
  public long gateSince;

  /** How the current revision's rollout ended early: null, Aborted or RolledBack. */
  public String outcome;

  /** Why it ended so, or how it stands. */
  public String message;

  /** Who approved which gate, oldest first. */
  public List<String> approvals = new ArrayList<>();

  /** The configs of the current revision. */
  public List<AddOnConfig> currentConfigs() {
    return configs.getOrDefault(revision, List.of());
  }

  /** The configs of the current revision with their hashes. */
  public List<ConfigReference> currentReferences() {
    return references.getOrDefault(revision, List.of());
  }
}
