package io.fleetflow.e2e.bench;

import io.fleetflow.e2e.bench.RolloutBenchmark.Case;
import io.fleetflow.e2e.bench.RolloutBenchmark.FleetJvm;
import io.fleetflow.e2e.support.Fleet;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes the rollout benchmark's section of {@code docs/benchmarks.md}. */
final class RolloutReport {
  private RolloutReport() {}

  /**
   * What the benchmark measured at.
   *
   * @param small the clusters of the first rollouts
   * @param large the clusters of the second, or no more than {@code small} when there are none
   * @param perJvm clusters per fleet JVM beyond the first
   * @param window Progressive's maxConcurrency
   * @param cache the hub's workflow cache
   */
  record Shape(int small, int large, int perJvm, int window, int cache) {}

  static void write(
      Shape shape,
      List<Case> cases,
      List<FleetJvm> jvms,
      ProcessFigures.Figures hub,
      ProcessFigures.Figures gateway,
      String largeNote,
      String loadBefore,
      String loadAfter)
      throws IOException {
    StringBuilder table = new StringBuilder();
    for (Case c : cases) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.1f s | %.2f s | %.1f | %.2f s | %.1f |%n",
              c.clusters(),
              c.strategy(),
              c.fleetflow(),
              c.bare(),
              c.fleetflow() / c.bare(),
              c.direct().seconds(),
              c.direct().seconds() / c.bare()));
    }
    StringBuilder memory = new StringBuilder();
    for (FleetJvm jvm : jvms) {
      memory.append(
          String.format(
              Locale.ROOT,
              "| %d | %d MiB | %d MiB | %d MiB | %.1f MiB | %d |%n",
              jvm.clusters(),
              jvm.rssKb() / 1024,
              jvm.peakRssKb() / 1024,
              jvm.heapUsedKb() / 1024,
              jvm.peakRssKb() / 1024.0 / jvm.clusters(),
              jvm.threads()));
    }
    String section =
        """
        ## Rollout: one work to %s clusters

        Measured by `./fleetflow bench` (`e2e/src/test/java/io/fleetflow/e2e/bench/RolloutBenchmark.java`)
        on %s, on this machine (2 cores; load average %s before the run and %s after it, 1/5/15
        minutes). One dev server, the hub,
        the gateway, and fleet JVMs hosting the simulated clusters: the first %d in one JVM
        (rolled out to through a Placement selecting them by a claim)%s. Fleetflow's time is from the ManifestWorkReplicaSet's
        creation to `PlacementRolledOut=True` (workflow time): every cluster got its
        ManifestWork (a ConfigMap), applied it on its simulated API and reported Applied and
        Available. The baseline, measured right before each rollout on the same server with the
        same agents connected, is one bare workflow running as many no-op activities on another
        task queue, all at once (All) or %d at a time (Progressive). Before each rollout and
        each baseline the benchmark waits until at most half a core of the machine has been
        busy for 3 s (at most 90 s), so that neither starts while the last joins still run.
        A second baseline, "straight to the agents", is the least a rollout that applied its
        works itself (without a workflow per ManifestWork) could take: one workflow running the
        agents' own ApplyManifests activity with a one-ConfigMap work on every cluster's task
        queue, the same way at once or in windows; the agents apply it on their simulated
        clusters through the front door, as for a rollout.

        | clusters | strategy | Fleetflow | bare fan-out | ratio | straight to the agents | its ratio to bare |
        |---|---|---|---|---|---|---|
        %s%s

        Memory of the fleet JVMs after the rollouts (resident set now and at its peak from
        `/proc`, the heap a full collection leaves from `jcmd`, threads):

        | clusters | RSS | peak RSS | live heap | peak RSS per cluster | threads |
        |---|---|---|---|---|---|
        %s
        The hub and the gateway at the end (the hub's heap %s, its workflow cache sized for
        %d executions):

        | process | RSS | peak RSS | live heap | threads |
        |---|---|---|---|---|
        %s%s
        Wall time (seconds; in each pair the first bar is Fleetflow, the second the bare fan-out):

        ```mermaid
        xychart-beta
          title "Rollout of one work: Fleetflow and a bare Temporal fan-out (s)"
          x-axis [%s]
          y-axis "seconds"
          bar [%s]
          bar [%s]
        ```

        The same as text:

        ```
        %s```

        %s

        ### Where the time goes: what each rollout wrote to Temporal, per cluster

        Read back from the histories after the run: every workflow run with events between the
        rollout's creation and its `PlacementRolledOut=True`, by workflow type (idle clusters
        and the liveness sweep included, since they share the server), divided by the number of
        clusters; then the bare fan-out's one workflow, divided the same way. Actions are what
        Temporal bills (signals, timers, activities, markers, upserts, updates, signals to other
        workflows). Calls are those the histories show: a workflow or activity task is two (its
        poll and its completion), a signal or an update one; heartbeats, queries and empty polls
        leave no trace and are not counted, and a local activity travels in its workflow task.

        Below each table, the CPU that each process spent from the rollout's creation until the
        benchmark saw it rolled out (it looks every 2 s, so up to 2 s of a quieter tail count),
        and from the bare fan-out's start to its end, from `/proc`: the dev server, the hub, the
        gateway, the fleet JVMs (the simulated clusters and their agents), this benchmark's JVM
        (its kubectl calls; for the bare fan-out also the workflow and the no-op activities), and
        everything else the machine ran. "Cores busy" is the machine's CPU time over the wall
        time: at 2 of 2 the rollout waited for CPU, and the columns say whose work it waited for.

        %s"""
            .formatted(
                shape.large() > shape.small()
                    ? shape.small() + " and to " + String.format(Locale.ROOT, "%,d", shape.large())
                    : shape.small(),
                java.time.LocalDate.now(),
                loadBefore,
                loadAfter,
                shape.small(),
                shape.large() > shape.small()
                    ? ", then, with fleet JVMs of up to %d more clusters each started beside it, all of them through a Placement selecting every cluster"
                        .formatted(shape.perJvm())
                    : "",
                shape.window(),
                table.toString().strip(),
                largeNote == null ? "" : "\n\n" + largeNote,
                memory,
                System.getProperty("fleetflow.e2e.hubHeap", "512m"),
                shape.cache(),
                processRow("hub", hub),
                processRow("gateway", gateway),
                cases.stream().map(c -> "\"" + c.label() + "\"").collect(Collectors.joining(", ")),
                cases.stream()
                    .map(c -> String.format(Locale.ROOT, "%.1f", c.fleetflow()))
                    .collect(Collectors.joining(", ")),
                cases.stream()
                    .map(c -> String.format(Locale.ROOT, "%.1f", c.bare()))
                    .collect(Collectors.joining(", ")),
                textChart(cases),
                design(),
                accounting(cases));
    BenchmarkReport.write("## Rollout:", section);
  }

  /** What a rollout is made of, per cluster, in the way the hub ran it. */
  private static String design() {
    String parts =
        Fleet.heldWorks()
            ? "the replica set holds its works (`fleetflow.rollout.held-works`): a"
                + " rollout is, per cluster, the agent's ApplyManifests activity that the replica"
                + " set schedules itself, the agent's writes to its cluster's API, and its share of"
                + " a batched publish of the works to the change feed (one local activity per 500"
                + " works); the replica set plans on the activities' results"
            : "a rollout is, per cluster, its share of a hub activity that creates up to 100"
                + " ManifestWork workflows (update-with-start, up to 200 at a time on the hub),"
                + " that workflow's apply activity on the agent, the agent's writes to its"
                + " cluster's API, and the status report the work hands to the replica set by a"
                + " local activity, on which the replica set plans again";
    return "In this run "
        + parts
        + "; the baseline is one no-op activity. Absolute times follow the machine's load; the"
        + " ratios compare runs on the same server in the same minutes.";
  }

  private static String processRow(String name, ProcessFigures.Figures f) {
    return String.format(
        Locale.ROOT,
        "| %s | %d MiB | %d MiB | %d MiB | %d |%n",
        name,
        f.rssKb() / 1024,
        f.peakRssKb() / 1024,
        f.heapUsedKb() / 1024,
        f.threads());
  }

  /** One table per case: the rollout's workflows by type, their total, and the bare fan-out. */
  private static String accounting(List<Case> cases) {
    StringBuilder text = new StringBuilder();

    for (Case c : cases) {
      text.append("#### ").append(c.label()).append("\n\n");
      HistoryTally.Table table =
          HistoryTally.table("per cluster", c.rolloutTally(), c.bareTally(), c.clusters());
      text.append(table.text());
      HistoryTally total = table.total();
      text.append(
          String.format(
              Locale.ROOT,
              "%nFleetflow / bare: %.1f times the events, %.1f times the actions, %.1f times the"
                  + " calls.%n%n",
              ratio(total.events(), c.bareTally().events()),
              ratio(total.actions(), c.bareTally().actions()),
              ratio(
                  total.hubCalls() + total.agentCalls(),
                  c.bareTally().hubCalls() + c.bareTally().agentCalls())));
      HistoryTally direct = c.direct().tally();
      text.append(
          String.format(
              Locale.ROOT,
              "Straight to the agents: %.1f events, %.1f actions and %.1f calls per cluster.%n%n",
              direct.events() / (double) c.clusters(),
              direct.actions() / (double) c.clusters(),
              (direct.hubCalls() + direct.agentCalls()) / (double) c.clusters()));
      text.append("CPU spent while each ran, by process:\n\n")
          .append(
              CpuLedger.table(
                  "cluster",
                  List.of(
                      new CpuLedger.Row("Fleetflow", c.clusters(), c.rolloutCpu()),
                      new CpuLedger.Row("bare fan-out", c.clusters(), c.bareCpu()),
                      new CpuLedger.Row("straight to the agents", c.clusters(), c.direct().cpu()))))
          .append("\n\n");
    }
    text.append(
        """
        ### Fairness: a work created by hand during a rollout

        A ManifestWork created by hand (kubectl, one ConfigMap) on one of the clusters, create to
        `Applied=True` in workflow time, on the idle hub right before each All rollout and again
        while that rollout's works queue up (the rollout's works run at a lower Temporal task
        priority than what people and agents start):

        | clusters | idle hub | during the All rollout |
        |---|---|---|
        """);
    for (Case c : cases) {
      if (!Double.isNaN(c.byHandIdle())) {
        text.append(
            String.format(
                Locale.ROOT,
                "| %d | %.2f s | %.2f s |%n",
                c.clusters(),
                c.byHandIdle(),
                c.byHandDuring()));
      }
    }

    return text.toString();
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }

  /** Horizontal bars scaled to the longest time, 50 characters wide. */
  private static String textChart(List<Case> cases) {
    double longest = cases.stream().mapToDouble(Case::fleetflow).max().orElse(1);
    int width = cases.stream().mapToInt(c -> c.label().length()).max().orElse(10);
    StringBuilder chart = new StringBuilder();
    for (Case c : cases) {
      chart.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  Fleetflow %-50s %7.1f%n",
              c.label(),
              bar(c.fleetflow(), longest),
              c.fleetflow()));
      chart.append(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  bare      %-50s %7.1f%n",
              "",
              bar(c.bare(), longest),
              c.bare()));
    }
    return chart.toString();
  }

  private static String bar(double seconds, double longest) {
    return "#".repeat(Math.max(1, (int) Math.round(50 * seconds / longest)));
  }
}
