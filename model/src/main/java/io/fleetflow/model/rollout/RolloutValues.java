package io.fleetflow.model.rollout;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of a rollout strategy as OCM does: Go durations, and counts given as an integer
 * or a percentage.
 */
public final class RolloutValues {
  /** The progressDeadline that means "wait forever". */
  public static final String NONE = "None";

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
  private static final Pattern PERCENT = Pattern.compile("(\\d+)%");

  private RolloutValues() {}

  /**
   * Parses a Go duration such as {@code 90s}, {@code 5m} or {@code 1h30m}; null, empty and {@code
   * None} are no duration.
   *
   * @throws IllegalArgumentException when the text is not a duration
   */
  public static Optional<Duration> duration(String text) {
    if (text == null || text.isEmpty() || NONE.equals(text)) {
      return Optional.empty();
    }
    if ("0".equals(text)) {
      return Optional.of(Duration.ZERO);
    }
    Matcher m = DURATION.matcher(text);
    int at = 0;
    double nanos = 0;
    while (m.find() && m.start() == at) {
      double value = Double.parseDouble(m.group(1));
      nanos +=
          value
              * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      at = m.end();
    }
    if (at == 0 || at != text.length()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration: write it as 30s, 5m, 1h30m");
    }
    return Optional.of(Duration.ofNanos((long) nanos));
  }

  /** Returns true when a count is valid: a non-negative integer or a percentage from 0% to 100%. */
  public static boolean isCount(IntOrString value) {
    if (value == null) {
      return true;
    }
    if (value.getIntVal() != null) {
      return value.getIntVal() >= 0;
    }
    Matcher m = PERCENT.matcher(value.getStrVal() == null ? "" : value.getStrVal());
    return m.matches() && Integer.parseInt(m.group(1)) <= 100;
  }

  /**
   * Resolves a count against a total as OCM does: a percentage is rounded up; a result that is not
   * positive or exceeds the total falls back to the default.
   */
  public static int resolve(IntOrString value, int total, int fallback) {
    if (value == null) {
      return fallback;
    }
    int count;
    if (value.getIntVal() != null) {
      count = value.getIntVal();
    } else {
      Matcher m = PERCENT.matcher(value.getStrVal() == null ? "" : value.getStrVal());
      if (!m.matches()) {
        return fallback;
      }
      count = (int) Math.ceil(Integer.parseInt(m.group(1)) * total / 100.0);
    }
    return count <= 0 || count > total ? fallback : count;
  }

  /**
   * Resolves {@code maxFailures}: like {@link #resolve}, except that zero is a valid budget (no
   * failure tolerated) and a count above the total tolerates every cluster.
   */
  public static int failureBudget(IntOrString value, int total) {
    if (value == null) {
      return 0;
    }
    if (value.getIntVal() != null) {
      return Math.max(0, value.getIntVal());
    }
    Matcher m = PERCENT.matcher(value.getStrVal() == null ? "" : value.getStrVal());
    return m.matches() ? (int) Math.ceil(Integer.parseInt(m.group(1)) * total / 100.0) : 0;
  }
}
