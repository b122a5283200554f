package io.fleetflow.workflows.action;

import io.fleetflow.model.action.ManagedClusterActionSet;
import io.fleetflow.workflows.placement.PlacementDecisions;
import java.util.Map;
import java.util.TreeMap;

/** What a set's workflow carries from one run to the next. */
public class ManagedClusterActionSetState {
  public ManagedClusterActionSet set;

  /** The placement's latest decisions, or null before the first. */
  public PlacementDecisions decisions;

  /** Each started cluster's outcome so far, by cluster. */
  public Map<String, ActionSetProgress.Outcome> outcomes = new TreeMap<>();

  /** The last stage allowed to start (see the rollout planner). */
  public Integer approvedThrough;

  /** Who created the set, with the groups that let them; each action is created as them. */
  public io.fleetflow.model.meta.Actor requester;

  public boolean subscribed;

  /** The set completed or stopped: no more clusters start, decisions are no longer followed. */
  public boolean finished;
}
