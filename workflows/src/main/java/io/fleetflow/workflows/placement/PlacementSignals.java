package io.fleetflow.workflows.placement;

/**
 * How consumers follow a placement's decisions without polling it. A consumer workflow signals
 * {@link #SUBSCRIBE} with its own workflow ID to {@code Placement/<ns>/<name>}; the placement then
 * signals {@link #DECISIONS_CHANGED} with a {@link PlacementDecisions} to that workflow ID once
 * right away and again after every change, until the consumer signals {@link #UNSUBSCRIBE} or ends.
 */
public final class PlacementSignals {
  /** Signal to the placement, argument: the subscriber's workflow ID. */
  public static final String SUBSCRIBE = "subscribe";

  /** Signal to the placement, argument: the subscriber's workflow ID. */
  public static final String UNSUBSCRIBE = "unsubscribe";

  /** Signal to a subscriber, argument: {@link PlacementDecisions}. */
  public static final String DECISIONS_CHANGED = "placementDecisionsChanged";

  private PlacementSignals() {}

  /** Returns the workflow ID of the placement with the given namespace and name. */
  public static String workflowId(String namespace, String name) {
    return "Placement/" + namespace + "/" + name;
  }
}
