package io.fleetflow.workflows.addon;

import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.addon.ConfigReference;
import io.fleetflow.workflows.placement.PlacementDecisions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a ClusterManagementAddOn workflow carries from one run to the next. */
public class ClusterManagementAddOnState {
  /** The add-on, or null before it was created. */
  public ClusterManagementAddOn addOn;

  /** The configs may have changed: hash them again at the next reconcile. */
  public boolean configsDue = true;

  /** The add-ons made before this one existed were asked to render. */
  public boolean announced;

  /** The default configs with their hashes, as last read. */
  public List<ConfigReference> defaults = new ArrayList<>();

  /** The latest decisions of every install placement, by {@code namespace/name}. */
  public Map<String, PlacementDecisions> decisions = new TreeMap<>();

  /** The placements this workflow subscribed to, by {@code namespace/name}. */
  public TreeSet<String> subscribed = new TreeSet<>();

  /** The clusters the add-on installed, with the placement that made each. */
  public Map<String, String> installed = new TreeMap<>();

  /** Each install placement's rollout, by {@code namespace/name}. */
  public Map<String, AddOnPlacementRollout> rollouts = new TreeMap<>();

  /** The latest report of every cluster's add-on, by cluster. */
  public Map<String, AddOnReport> reports = new TreeMap<>();

  /** True while an operator paused the rollouts. */
  public boolean paused;
}
