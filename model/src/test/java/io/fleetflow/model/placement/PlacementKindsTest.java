package io.fleetflow.model.placement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A PlacementDecision is answered by the Placement its name points to. */
class PlacementKindsTest {
  @Test
  void aDecisionsNameNamesItsPlacement() {
    var sourceName = PlacementKinds.PLACEMENT_DECISION.derivation().sourceName();

    assertThat(sourceName.apply("web-decision-1")).isEqualTo("web");
    assertThat(sourceName.apply("web-decision-tier-decision-2")).isEqualTo("web-decision-tier");
    assertThat(sourceName.apply("decision-1")).isNull();
    assertThat(sourceName.apply("-decision-1")).isNull();
    assertThat(PlacementKinds.PLACEMENT_DECISION.derivation().source())
        .isSameAs(PlacementKinds.PLACEMENT);
    assertThat(PlacementKinds.PLACEMENT_DECISION.derived()).isTrue();
    assertThat(PlacementKinds.PLACEMENT.derived()).isFalse();
  }
}
