package io.fleetflow.workflows.placement;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementDecision;
import io.fleetflow.model.placement.PlacementKinds;
import io.fleetflow.model.placement.PlacementStatus.DecisionGroupStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OCM's PlacementDecision objects of a placement, derived from its decisions: each group is cut
 * into objects of at most {@link PlacementDecision#MAX_DECISIONS} clusters named {@code
 * <placement>-decision-<n>} (n from 1 across all groups), labelled with the placement, the group's
 * index and name, and owned by the placement. A group without clusters still has one empty object.
 */
public final class PlacementDecisionObjects {
  private PlacementDecisionObjects() {}

  /** Returns the objects in name order. */
  public static List<PlacementDecision> of(Placement placement, PlacementDecisions decisions) {
    List<PlacementDecision> objects = new ArrayList<>();
    for (PlacementDecisions.DecisionGroup group : decisions.groups()) {
      List<List<String>> chunks = chunks(group.clusters());
      for (List<String> chunk : chunks) {
        objects.add(object(placement, group, objects.size() + 1, chunk));
      }
    }
    return objects;
  }

  /** Returns OCM's {@code status.decisionGroups} for the decisions. */
  public static List<DecisionGroupStatus> groupStatus(
      Placement placement, PlacementDecisions decisions) {
    List<DecisionGroupStatus> groups = new ArrayList<>();
    int n = 1;
    for (PlacementDecisions.DecisionGroup group : decisions.groups()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < chunks(group.clusters()).size(); i++) {
        names.add(name(placement, n++));
      }
      groups.add(
          new DecisionGroupStatus(group.index(), group.name(), names, group.clusters().size()));
    }
    return groups;
  }

  /** Returns the name of a placement's n-th decision object, from 1. */
  public static String name(Placement placement, int n) {
    return placement.getMetadata().getName() + "-decision-" + n;
  }

  private static List<List<String>> chunks(List<String> clusters) {
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < clusters.size(); from += PlacementDecision.MAX_DECISIONS) {
      chunks.add(
          clusters.subList(
              from, Math.min(clusters.size(), from + PlacementDecision.MAX_DECISIONS)));
    }
    if (chunks.isEmpty()) {
      chunks.add(List.of());
    }
    return chunks;
  }

  private static PlacementDecision object(
      Placement placement, PlacementDecisions.DecisionGroup group, int n, List<String> clusters) {
    PlacementDecision decision = new PlacementDecision();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name(placement, n));
    meta.setNamespace(placement.getMetadata().getNamespace());
    meta.setLabels(
        Map.of(
            Placement.PLACEMENT_LABEL,
            placement.getMetadata().getName(),
            Placement.GROUP_INDEX_LABEL,
            String.valueOf(group.index()),
            Placement.GROUP_NAME_LABEL,
            group.name()));
    meta.setCreationTimestamp(placement.getMetadata().getCreationTimestamp());
    meta.setResourceVersion(placement.getMetadata().getResourceVersion());
    meta.setUid(placement.getMetadata().getUid() + "-" + n);
    OwnerReference owner = new OwnerReference();
    owner.setApiVersion(PlacementKinds.PLACEMENT.apiVersion());
    owner.setKind(PlacementKinds.PLACEMENT.kind());
    owner.setName(placement.getMetadata().getName());
    owner.setUid(placement.getMetadata().getUid());
    owner.setController(true);
    owner.setBlockOwnerDeletion(true);
    meta.setOwnerReferences(List.of(owner));
    decision.setMetadata(meta);
    decision
        .getStatus()
        .setDecisions(
            clusters.stream().map(c -> new PlacementDecision.ClusterDecision(c, "")).toList());
    return decision;
  }
}
