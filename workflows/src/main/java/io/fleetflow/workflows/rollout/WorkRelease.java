package io.fleetflow.workflows.rollout;

/**
 * A cluster's release, as a replica set that holds the cluster's work learns of it.
 *
 * @param cluster the cluster being released
 * @param orphanedBecause why the work leaves its resources on the cluster (the cluster was
 *     force-released, who and why), or null when the agent removes them
 */
public record WorkRelease(String cluster, String orphanedBecause) {}
