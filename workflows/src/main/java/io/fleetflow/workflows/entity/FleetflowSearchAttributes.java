package io.fleetflow.workflows.entity;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Fleetflow's search attributes, few on purpose: the SQLite dev server allows 10 Keyword and 3 of
 * each other type per namespace. {@code temporal-dev/search-attributes} registers the same names.
 */
public final class FleetflowSearchAttributes {
  public static final SearchAttributeKey<String> KIND =
      SearchAttributeKey.forKeyword("FleetflowKind");
  public static final SearchAttributeKey<String> NAMESPACE =
      SearchAttributeKey.forKeyword("FleetflowNamespace");
  public static final SearchAttributeKey<String> NAME =
      SearchAttributeKey.forKeyword("FleetflowName");
  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("FleetflowPhase");
  public static final SearchAttributeKey<String> CLUSTER =
      SearchAttributeKey.forKeyword("FleetflowCluster");
  public static final SearchAttributeKey<List<String>> CLUSTER_LABELS =
      SearchAttributeKey.forKeywordList("FleetflowClusterLabels");
  public static final SearchAttributeKey<String> ROLLOUT =
      SearchAttributeKey.forKeyword("FleetflowRollout");
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("FleetflowStage");

  public static final List<SearchAttributeKey<?>> ALL =
      List.of(KIND, NAMESPACE, NAME, PHASE, CLUSTER, CLUSTER_LABELS, ROLLOUT, STAGE);

  private FleetflowSearchAttributes() {}
}
