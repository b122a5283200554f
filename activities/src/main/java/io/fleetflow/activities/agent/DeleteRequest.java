package io.fleetflow.activities.agent;

import java.util.List;

/**
 * Asks the agent to take resources away from a work: those in {@code resources} are deleted unless
 * another work still owns them, those in {@code orphans} stay on the cluster. Either way the work
 * is removed from the objects' owners ({@link WorkOwnership}).
 *
 * @param workNamespace the work's namespace, which is the cluster's name
 * @param workName the work's name
 * @param resources the resources to delete, by their coordinates and UIDs on the cluster
 * @param orphans the resources to leave on the cluster without this work's ownership
 */
public record DeleteRequest(
    String workNamespace,
    String workName,
    List<AppliedResource> resources,
    List<AppliedResource> orphans) {
  public DeleteRequest {
    resources = resources == null ? List.of() : resources;
    orphans = orphans == null ? List.of() : orphans;
  }
}
