package io.fleetflow.workflows.view;

import io.fleetflow.model.view.ManagedClusterView;

/** What a view's workflow carries from one run to the next. */
public class ManagedClusterViewState {
  /** The view, or null before it was created. */
  public ManagedClusterView view;

  /** The agent asked for the view again and has not been sent it yet. */
  public boolean resync;

  /** When to ask an agent that could not be reached again (epoch millis), or 0. */
  public long retryAt;
}
