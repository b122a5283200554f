package io.fleetflow.gateway.api;

import java.time.Duration;

/**
 * A watch's {@code timeoutSeconds}: a whole number of seconds, none or 0 for the default of 30
 * minutes, anything longer cut to 30 minutes (the servlet's async timeout is 35); a value that is
 * not a whole number, does not fit 64 bits or is negative is a 400.
 */
public final class WatchTimeouts {
  /** The longest a watch stays open. */
  public static final Duration MAX = Duration.ofMinutes(30);

  private WatchTimeouts() {}

  /** Parses the query parameter; see the class. */
  public static Duration parse(String timeoutSeconds) {
    if (timeoutSeconds == null || timeoutSeconds.isEmpty()) {
      return MAX;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timeoutSeconds);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "timeoutSeconds must be a whole number of seconds, got \"" + timeoutSeconds + "\"");
    }
    if (seconds < 0) {
      throw ApiException.badRequest("timeoutSeconds may not be negative, got " + seconds);
    }
    return seconds == 0 || seconds > MAX.toSeconds() ? MAX : Duration.ofSeconds(seconds);
  }
}
