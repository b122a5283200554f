package io.fleetflow.cli;

/**
 * A command that could not do what it was asked, with the message a person reads. The command line
 * prints the message on standard error and exits with 1, as kubectl does.
 */
public final class CommandFailure extends RuntimeException {
  public CommandFailure(String message) {
    super(message);
  }
}
