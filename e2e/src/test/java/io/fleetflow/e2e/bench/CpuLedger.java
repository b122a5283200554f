package io.fleetflow.e2e.bench;

import io.fleetflow.e2e.support.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time that named processes and the whole machine spent between two readings, from {@code
 * /proc}. On a machine whose cores are all busy during a measurement, wall time only says that
 * something was slow; the CPU each process spent says which part of the system did the work, so a
 * benchmark can show where a rollout's time goes beside its bare Temporal baseline.
 *
 * <p>A process counts with its descendants that are not named themselves: the live ones at each
 * reading, and the ones that ended through its children's times ({@code cutime}, {@code cstime})
 * once it reaped them, so a short {@code kubectl} that the test JVM ran, or a server that a start
 * script runs, is counted in the window it ran in.
 */
final class CpuLedger {
  /** Linux reports CPU times in clock ticks of 1/100 s on every architecture the JDK runs on. */
  private static final double TICK_SECONDS = 0.01;

  /** How many seconds in a row the machine must be quiet for {@link #awaitQuiet}. */
  private static final int QUIET_SECONDS = 3;

  private final Map<String, List<Long>> processes;
  private final Set<Long> named = new HashSet<>();

  /**
   * @param processes the processes to account for, by the name the report gives them (several
   *     processes may share a name, as a fleet's JVMs do); their descendants count with them
   */
  CpuLedger(Map<String, List<Long>> processes) {
    this.processes = processes;
    processes.values().forEach(named::addAll);
  }

  /**
   * The processes of a benchmark's fleet: the dev server (with the server its start script runs),
   * the hub, the gateway, the fleet JVMs (the simulated clusters and their agents), and this JVM
   * (the benchmark's clients, and a bare fan-out's workflows and activities).
   */
  static CpuLedger forFleet(Fleet fleet, List<Long> fleetJvms) {
    Map<String, List<Long>> processes = new LinkedHashMap<>();
    if (fleet.temporalProcess() != null) {
      processes.put("Temporal server", List.of(fleet.temporalProcess().pid()));
    }
    processes.put("hub", List.of(fleet.hub().pid()));
    processes.put("gateway", List.of(fleet.gateway().pid()));
    processes.put(fleetJvms.size() == 1 ? "fleet JVM" : "fleet JVMs", fleetJvms);
    processes.put("benchmark JVM", List.of(ProcessHandle.current().pid()));
    return new CpuLedger(processes);
  }

  /**
   * Waits until the machine has been quiet for a few seconds (at most {@code quietCores} of its
   * cores busy on average), or {@code patience} passed, and returns how long it waited. A
   * measurement right after a fleet joined would otherwise share the machine with the joins' last
   * workflow tasks and takeovers, and one measured on a busier machine than its baseline compares
   * nothing.
   */
  static Duration awaitQuiet(double quietCores, Duration patience) {
    long start = System.nanoTime();
    ArrayDeque<Long> busy = new ArrayDeque<>();
    while (System.nanoTime() - start < patience.toNanos()) {
      busy.addLast(machineBusyTicks());
      if (busy.size() > QUIET_SECONDS + 1) {
        busy.removeFirst();
      }
      if (busy.size() == QUIET_SECONDS + 1) {
        double cores = (busy.getLast() - busy.getFirst()) * TICK_SECONDS / QUIET_SECONDS;
        if (cores <= quietCores) {
          break;
        }
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** What every named process and the machine had spent at one moment. */
  record Reading(Map<String, Long> ticks, long machineBusyTicks, long nanos) {}

  /**
   * The CPU seconds spent between two readings.
   *
   * @param seconds by process name, in the order the ledger was given them
   * @param machineSeconds by every process on the machine, these and all others
   * @param wallSeconds the time between the readings
   */
  record Spent(Map<String, Double> seconds, double machineSeconds, double wallSeconds) {
    /** What the machine spent outside the named processes. */
    double otherSeconds() {
      return Math.max(0, machineSeconds - seconds.values().stream().mapToDouble(d -> d).sum());
    }
  }

  /** Reads what the processes and the machine have spent so far. */
  Reading read() {
    Map<String, Long> ticks = new LinkedHashMap<>();
    processes.forEach(
        (name, pids) -> ticks.put(name, pids.stream().mapToLong(this::treeTicks).sum()));
    return new Reading(ticks, machineBusyTicks(), System.nanoTime());
  }

  /** The CPU spent from one reading to a later one. */
  static Spent between(Reading from, Reading to) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    from.ticks()
        .forEach(
            (name, before) ->
                seconds.put(
                    name,
                    Math.max(0, to.ticks().getOrDefault(name, before) - before) * TICK_SECONDS));
    return new Spent(
        seconds,
        (to.machineBusyTicks() - from.machineBusyTicks()) * TICK_SECONDS,
        (to.nanos() - from.nanos()) / 1e9);
  }

  /**
   * A Markdown table of CPU milliseconds per unit (per cluster, per work), one row per measurement,
   * with the share of the machine's cores it kept busy.
   *
   * @param unit what the figures are divided by, as the header names it ("cluster")
   * @param rows each measurement's label, its divisor and what it spent
   */
  static String table(String unit, List<Row> rows) {
    List<String> names =
        rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).spent().seconds().keySet());
    StringBuilder out = new StringBuilder("| | wall | ");
    names.forEach(n -> out.append(n).append(" | "));
    out.append("rest of the machine | machine, all | cores busy |\n|---|---|");
    out.append("---|".repeat(names.size() + 3)).append('\n');
    for (Row row : rows) {
      Spent spent = row.spent();
      out.append("| ")
          .append(row.label())
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f s", spent.wallSeconds()))
          .append(" | ");
      for (String name : names) {
        out.append(perUnit(spent.seconds().getOrDefault(name, 0.0), row.units())).append(" | ");
      }
      out.append(perUnit(spent.otherSeconds(), row.units()))
          .append(" | ")
          .append(perUnit(spent.machineSeconds(), row.units()))
          .append(" | ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.2f of %d",
                  spent.machineSeconds() / Math.max(0.001, spent.wallSeconds()),
                  Runtime.getRuntime().availableProcessors()))
          .append(" |\n");
    }
    return out.append("\n(CPU milliseconds per ").append(unit).append(')').toString();
  }

  /**
   * One measurement of a table.
   *
   * @param label what was measured
   * @param units what its CPU is divided by (clusters, works)
   * @param spent what it spent
   */
  record Row(String label, int units, Spent spent) {}

  private static String perUnit(double seconds, int units) {
    return String.format(Locale.ROOT, "%.1f", seconds * 1000 / Math.max(1, units));
  }

  /**
   * A process's own ticks, its reaped children's, and its live descendants' own, leaving out the
   * subtrees of the other named processes (the test JVM starts them all).
   */
  private long treeTicks(long pid) {
    long[] own = stat(pid);
    long total = own[0] + own[1];
    List<ProcessHandle> pending = new ArrayList<>();
    ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(pending::add));
    while (!pending.isEmpty()) {
      ProcessHandle child = pending.remove(pending.size() - 1);
      if (named.contains(child.pid())) {
        continue;
      }
      total += stat(child.pid())[0];
      child.children().forEach(pending::add);
    }
    return total;
  }

  /**
   * A process's own CPU ticks (user and system) and its reaped children's, or zeros for a process
   * that is gone.
   */
  private static long[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name may hold spaces and parentheses; the fields follow the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      long children = Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return new long[] {own, children};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** Every core's busy ticks so far: all but idle and waiting for I/O. */
  private static long machineBusyTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      return total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
