package io.fleetflow.workflows.cluster;

import java.time.Duration;

/**
 * How a cluster's agent proves itself alive. At OCM's default lease (60 s) and longer, the agent's
 * polls of its task queue prove it alive: Temporal records them, and the hub's liveness sweep reads
 * them, so an idle cluster costs no workflow action; the agent signals a renewal only when its API
 * server's health changes and once an hour for the clock check. A shorter lease asks for a faster
 * verdict than polls that wait up to a minute can give, so its agent renews by signal every period,
 * as before. The hub decides and says so on the cluster ({@code
 * ManagedCluster.CONDITION_LIVENESS_BY_POLLS}); the agent follows what it reads there, so an agent
 * of an older hub, or of a cluster whose workflow predates the sweep, keeps renewing. Pure, so both
 * sides and their tests share it.
 */
public final class LeaseRenewals {
  /** The shortest lease whose agent is found alive by its polls. */
  public static final int POLLED_FROM_SECONDS = 60;

  /**
   * How long a live agent's polls may look stale: an idle poll waits up to a minute on the server,
   * and the time Temporal records is the poll's start.
   */
  public static final Duration POLL_HORIZON = Duration.ofSeconds(75);

  /** How often the liveness sweep reads the agents' polls. */
  public static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

  /** How often an agent whose polls prove it alive still signals, for the clock check. */
  public static final Duration REPORT_EVERY = Duration.ofHours(1);

  private LeaseRenewals() {}

  /** Whether an agent with this lease renews by signal every period. */
  public static boolean bySignal(int leaseDurationSeconds) {
    return leaseDurationSeconds < POLLED_FROM_SECONDS;
  }

  /**
   * How long after its last poll a polled agent counts as gone: the grace less one sweep, so that
   * the sweep finds it within the grace, but never less than the {@link #POLL_HORIZON} (a grace
   * that short makes a stopped agent known a little after it, rather than a live one lost).
   */
  public static Duration staleAfter(Duration grace) {
    Duration withinGrace = grace.minus(SWEEP_EVERY);
    return withinGrace.compareTo(POLL_HORIZON) < 0 ? POLL_HORIZON : withinGrace;
  }

  /**
   * Whether a polled agent signals a renewal now.
   *
   * @param last the probe's last reported result, or null before the first report of this agent
   * @param now the probe's result now
   * @param sinceLastReport how long ago the last report went
   */
  public static boolean reportDue(Probe last, Probe now, Duration sinceLastReport) {
    return last == null || !last.equals(now) || sinceLastReport.compareTo(REPORT_EVERY) >= 0;
  }

  /**
   * What a renewal reports of the agent's API server.
   *
   * @param healthy whether the probe succeeds
   * @param message the probe's failure, or null
   */
  public record Probe(boolean healthy, String message) {}
}
