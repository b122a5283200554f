package io.fleetflow.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a benchmark reads about a running JVM and the machine. */
final class ProcessFigures {
  private ProcessFigures() {}

  /**
   * A JVM's memory and threads.
   *
   * @param rssKb resident set now, KiB
   * @param peakRssKb resident set at its peak, KiB
   * @param heapUsedKb the heap a full collection leaves, KiB
   * @param threads live threads
   */
  record Figures(long rssKb, long peakRssKb, long heapUsedKb, int threads) {}

  /** Reads a JVM's resident memory, peak, live heap and threads from the OS and jcmd. */
  static Figures of(long pid) {
    long rss = 0;
    long peak = 0;
    int threads = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        String[] parts = line.split("\\s+");
        switch (parts[0]) {
          case "VmRSS:" -> rss = Long.parseLong(parts[1]);
          case "VmHWM:" -> peak = Long.parseLong(parts[1]);
          case "Threads:" -> threads = Integer.parseInt(parts[1]);
          default -> {}
        }
      }
    } catch (IOException | RuntimeException e) {
      // The JVM is gone: its figures stay 0 and the report shows it.
    }
    return new Figures(rss, peak, heapUsedAfterGc(pid), threads);
  }

  /** The heap a full collection leaves, in KiB, from {@code jcmd}; 0 if it cannot be read. */
  private static long heapUsedAfterGc(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      run(jcmd, Long.toString(pid), "GC.run");
      Matcher used =
          Pattern.compile("used (\\d+)K").matcher(run(jcmd, Long.toString(pid), "GC.heap_info"));
      return used.find() ? Long.parseLong(used.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The machine's load average, 1/5/15 minutes. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
