package io.fleetflow.activities.view;

import io.fleetflow.model.view.ManagedClusterViewSpec.Scope;
import io.fleetflow.model.work.ManifestWorkSpec.Executor;

/**
 * What the hub asks an agent to show and keep showing.
 *
 * @param view the view's name (its namespace is the cluster)
 * @param generation the view's generation this scope belongs to; reports carry it back, so the hub
 *     can tell a report of an older scope from one of the current
 * @param scope the object
 * @param executor whom to read as, or null for the agent itself
 */
public record ViewRequest(String view, long generation, Scope scope, Executor executor) {}
