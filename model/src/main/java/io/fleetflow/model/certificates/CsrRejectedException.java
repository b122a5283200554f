package io.fleetflow.model.certificates;

/**
 * A certificate signing request that the hub refuses to sign; the message says what is wrong and
 * what a valid request looks like.
 */
public class CsrRejectedException extends IllegalArgumentException {
  public CsrRejectedException(String message) {
    super(message);
  }
}
