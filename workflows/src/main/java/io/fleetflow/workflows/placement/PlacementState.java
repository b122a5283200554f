package io.fleetflow.workflows.placement;

import io.fleetflow.model.placement.Placement;
import java.util.ArrayList;
import java.util.List;

/** What a placement's workflow carries across continue-as-new. */
public class PlacementState {
  /** The placement, status included; null before it was created. */
  public Placement placement;

  /** The decisions as last told to subscribers. */
  public PlacementDecisions decisions;

  /** The workflow IDs that follow the decisions. */
  public List<String> subscribers = new ArrayList<>();

  /** Why the decisions last changed, and when. */
  public String lastChange;
}
