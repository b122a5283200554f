package io.fleetflow.workflows.placement.scheduling;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fleetflow.activities.hub.ClusterFacts;
import io.fleetflow.model.meta.LabelSelectors;
import io.fleetflow.model.placement.CelSelectors;
import io.fleetflow.model.placement.PlacementSpec.ClaimSelector;
import io.fleetflow.model.placement.PlacementSpec.ClusterPredicate;
import io.fleetflow.model.placement.PlacementSpec.ClusterSelector;
import java.util.List;

/** OCM's predicates: label, claim and CEL selectors ANDed inside a predicate, predicates ORed. */
final class ClusterSelectors {
  private ClusterSelectors() {}

  /** Returns true when the cluster passes any predicate; no predicates pass every cluster. */
  static boolean passes(List<ClusterPredicate> predicates, ClusterFacts cluster) {
    if (predicates.isEmpty()) {
      return true;
    }
    for (ClusterPredicate predicate : predicates) {
      if (predicate.requiredClusterSelector() == null
          || matches(predicate.requiredClusterSelector(), cluster)) {
        return true;
      }
    }
    return false;
  }

  /** Returns true when the cluster satisfies every part of the selector. */
  static boolean matches(ClusterSelector selector, ClusterFacts cluster) {
    return LabelSelectors.matches(selector.labelSelector(), cluster.labels())
        && matchesClaims(selector.claimSelector(), cluster)
        && matchesCel(selector, cluster);
  }

  /** Returns true when the cluster's claims satisfy the claim selector (null selects all). */
  static boolean matchesClaims(ClaimSelector claims, ClusterFacts cluster) {
    if (claims == null || claims.matchExpressions() == null) {
      return true;
    }
    LabelSelector asLabels = new LabelSelector();
    asLabels.setMatchExpressions(claims.matchExpressions());
    return LabelSelectors.matches(asLabels, cluster.claims());
  }

  private static boolean matchesCel(ClusterSelector selector, ClusterFacts cluster) {
    if (selector.celSelector() == null || selector.celSelector().celExpressions() == null) {
      return true;
    }
    var variable =
        CelSelectors.cluster(
            cluster.name(), cluster.labels(), cluster.claims(), cluster.allocatable());
    for (String expression : selector.celSelector().celExpressions()) {
      if (!CelSelectors.matches(expression, variable)) {
        return false;
      }
    }
    return true;
  }
}
