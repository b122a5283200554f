package io.fleetflow.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one benchmark's section of {@code docs/benchmarks.md}, keeping the other sections. */
final class BenchmarkReport {
  private static final Path FILE = Path.of("../docs/benchmarks.md");

  private BenchmarkReport() {}

  /**
   * Replaces the section whose heading starts with {@code marker} (or appends it) and prints it.
   *
   * @param marker the start of the section's heading, such as {@code "## Onboarding:"}
   * @param section the whole section, heading included
   */
  static void write(String marker, String section) throws IOException {
    String existing = Files.exists(FILE) ? Files.readString(FILE) : "# Benchmarks\n\n";
    int at = existing.indexOf(marker);
    String before;
    String rest;
    if (at < 0) {
      before = existing.endsWith("\n\n") ? existing : existing + "\n";
      rest = "";
    } else {
      before = existing.substring(0, at);
      int next = existing.indexOf("\n## ", at + marker.length());
      rest = next < 0 ? "" : existing.substring(next + 1);
    }
    Files.writeString(FILE, before + section + (rest.isEmpty() ? "" : "\n" + rest));
    System.out.println(section);
  }
}
