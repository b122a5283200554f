package io.fleetflow.workflows.cluster;

/**
 * The hub's answer to a join request.
 *
 * @param accepted whether the hub accepts the cluster now
 * @param leaseDurationSeconds how often the agent should renew its lease
 * @param message the state of the request in words
 * @param certificateRequest the name of the CertificateSigningRequest the join's request is stored
 *     as, from which the agent reads its certificate once issued; null when the join carried none
 */
public record JoinResponse(
    boolean accepted, int leaseDurationSeconds, String message, String certificateRequest) {

  /** An answer to a join without a certificate request. */
  public JoinResponse(boolean accepted, int leaseDurationSeconds, String message) {
    this(accepted, leaseDurationSeconds, message, null);
  }
}
