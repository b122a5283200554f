package io.fleetflow.workflows.addon;

/**
 * How one cluster's add-on stands, as it tells its ClusterManagementAddOn after every change.
 *
 * @param cluster the cluster
 * @param revision the rollout revision it runs (0 when no rollout reached it)
 * @param progress {@code Progressing}, {@code Completed}, {@code Failed} or {@code
 *     ConfigurationUnsupported}, OCM's reasons of {@code Progressing}
 * @param available the status of {@code Available}
 * @param deleted true once it is gone
 */
public record AddOnReport(
    String cluster, long revision, String progress, String available, boolean deleted) {
  /** The signal to the ClusterManagementAddOn that carries it. */
  public static final String SIGNAL = "addOnStatusChanged";
}
