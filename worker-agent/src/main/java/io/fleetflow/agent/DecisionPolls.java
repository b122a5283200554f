package io.fleetflow.agent;

import java.time.Duration;

/**
 * How long a joining agent waits before it looks again for the hub's decision on its join (its
 * cluster accepted, its certificate issued). An auto-approval rule decides within a moment of the
 * join, an operator within minutes: the agent looks again soon at first and then less and less
 * often, so that a rule's decision reaches it at once and a pending request costs the hub a read
 * every {@link #LONGEST} and no more.
 */
final class DecisionPolls {
  /** The first wait after a join that was not decided on the spot. */
  static final Duration FIRST = Duration.ofMillis(100);

  /** The longest wait, which an undecided request settles at. */
  static final Duration LONGEST = Duration.ofSeconds(2);

  private DecisionPolls() {}

  /**
   * The wait before the given look.
   *
   * @param look how many times the agent has looked already since its join (0 for the first look)
   */
  static Duration before(int look) {
    if (look >= 5) {
      return LONGEST;
    }
    Duration doubled = FIRST.multipliedBy(1L << look);
    return doubled.compareTo(LONGEST) < 0 ? doubled : LONGEST;
  }
}
