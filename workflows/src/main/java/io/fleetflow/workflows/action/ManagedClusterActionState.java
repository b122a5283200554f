package io.fleetflow.workflows.action;

import io.fleetflow.model.action.ManagedClusterAction;

/** What an action's workflow carries from one run to the next. */
public class ManagedClusterActionState {
  /** The action, or null before it was created. */
  public ManagedClusterAction action;

  /** Who approved it, or null. */
  public String approvedBy;

  /** When the action completed (epoch millis), or 0 while it has not. */
  public long completedAt;
}
