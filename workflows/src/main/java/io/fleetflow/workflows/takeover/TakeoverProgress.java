package io.fleetflow.workflows.takeover;

/**
 * How far a takeover run is, as its cluster's workflow shows it in conditions.
 *
 * @param release whether the run releases the cluster
 * @param step the step in words, such as {@code install ClusterRole fleetflow-agent (3/12)}
 * @param resourcesRemaining takeover resources still to install (or, on release, to remove)
 * @param worksRemaining ManifestWorks still to remove on release
 * @param waiting why the run is waiting, or null when it is not
 */
public record TakeoverProgress(
    boolean release, String step, int resourcesRemaining, int worksRemaining, String waiting) {}
