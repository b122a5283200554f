package io.fleetflow.workflows.cluster;

/**
 * Something that happened to a cluster, kept on the cluster's workflow and served as a Kubernetes
 * Event so that {@code kubectl get events} and {@code kubectl describe} show it.
 *
 * @param type {@code Normal} or {@code Warning}
 * @param reason a CamelCase reason, such as {@code DuplicateNameRefused}
 * @param message what happened, for a person
 * @param firstTime when it first happened, RFC 3339
 * @param lastTime when it last happened, RFC 3339
 * @param count how many times it happened in a row
 */
public record ClusterEvent(
    String type, String reason, String message, String firstTime, String lastTime, int count) {
  /** How many events a cluster keeps; older ones are dropped. */
  public static final int KEPT = 20;
}
