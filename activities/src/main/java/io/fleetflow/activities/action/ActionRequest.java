package io.fleetflow.activities.action;

import io.fleetflow.model.action.ManagedClusterActionSpec.KubeWork;
import io.fleetflow.model.work.ManifestWorkSpec.Executor;

/**
 * One action for an agent to run.
 *
 * @param action the action's name (its namespace is the cluster)
 * @param uid the action's uid; a created object carries it, so a retried Create knows its own
 * @param actionType Create, Update or Delete
 * @param kube the object and its template
 * @param executor whom to act as, or null for the agent itself
 */
public record ActionRequest(
    String action, String uid, String actionType, KubeWork kube, Executor executor) {}
