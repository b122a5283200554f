package io.fleetflow.model.placement;

import static io.fleetflow.model.meta.Conditions.reasonOf;
import static io.fleetflow.model.meta.Conditions.statusOf;

import io.fleetflow.model.meta.ApiGroups;
import io.fleetflow.model.meta.Derivation;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.validation.FieldError;
import java.util.Comparator;
import java.util.List;

/**
 * The kinds of the placement feature: Placement, the PlacementDecisions each placement answers, and
 * AddOnPlacementScore.
 */
public final class PlacementKinds {
  /** The Query by which a Placement answers its decisions as OCM's PlacementDecision objects. */
  public static final String PLACEMENT_DECISIONS = "placementDecisions";

  /** A PlacementDecision's name is {@code <placement>-decision-<n>}. */
  private static final String DECISION_INFIX = "-decision-";

  public static final ResourceKind<Placement> PLACEMENT =
      ResourceKind.of(Placement.class, ApiGroups.CLUSTER, ApiGroups.V1BETA1, "Placement")
          .namespaced()
          .validator(PlacementValidators.PLACEMENTS)
          .column(
              "Succeeded",
              "string",
              p -> statusOf(p.getStatus().getConditions(), Placement.CONDITION_SATISFIED))
          .column(
              "Reason",
              "string",
              p -> reasonOf(p.getStatus().getConditions(), Placement.CONDITION_SATISFIED))
          .column("SelectedClusters", "integer", p -> p.getStatus().getNumberOfSelectedClusters())
          .column("Age", "date", p -> p.getMetadata().getCreationTimestamp())
          .build();

  /**
   * Derived from the placements' state and served read-only: a placement writes its own decisions,
   * so every write through the API is refused.
   */
  public static final ResourceKind<PlacementDecision> PLACEMENT_DECISION =
      ResourceKind.of(
              PlacementDecision.class, ApiGroups.CLUSTER, ApiGroups.V1BETA1, "PlacementDecision")
          .namespaced()
          .validator(
              d ->
                  List.of(
                      FieldError.forbidden(
                          "metadata.name",
                          "PlacementDecisions are written by their Placement; change the"
                              + " Placement")))
          .column(
              "Placement",
              "string",
              d -> d.getMetadata().getLabels().get(Placement.PLACEMENT_LABEL))
          .column("Decisions", "integer", d -> d.getStatus().getDecisions().size())
          .column("Age", "date", d -> d.getMetadata().getCreationTimestamp())
          .derivedFrom(
              new Derivation<>(
                  PLACEMENT,
                  PLACEMENT_DECISIONS,
                  PlacementKinds::placementOf,
                  Comparator.comparing((PlacementDecision d) -> d.getMetadata().getNamespace())
                      .thenComparing(
                          d -> d.getMetadata().getLabels().get(Placement.PLACEMENT_LABEL))
                      .thenComparingInt(PlacementKinds::decisionNumber)))
          .build();

  public static final ResourceKind<AddOnPlacementScore> ADD_ON_PLACEMENT_SCORE =
      ResourceKind.of(
              AddOnPlacementScore.class,
              ApiGroups.CLUSTER,
              ApiGroups.V1ALPHA1,
              "AddOnPlacementScore")
          .namespaced()
          .validator(PlacementValidators.SCORES)
          .column("Scores", "integer", s -> s.getStatus().getScores().size())
          .column("Valid Until", "string", s -> s.getStatus().getValidUntil())
          .column("Age", "date", s -> s.getMetadata().getCreationTimestamp())
          .build();

  private PlacementKinds() {}

  /** The name of the placement a decision of this name belongs to, or null for no placement. */
  static String placementOf(String decisionName) {
    int at = decisionName.lastIndexOf(DECISION_INFIX);
    return at <= 0 ? null : decisionName.substring(0, at);
  }

  private static int decisionNumber(PlacementDecision decision) {
    String name = decision.getMetadata().getName();
    try {
      return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
