package io.fleetflow.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One real process of the system under test, with its output in a log file. */
public final class ManagedProcess implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;

  ManagedProcess(String name, List<String> command, Map<String, String> environment, Path log) {
    this.name = name;
    this.command = command;
    this.environment = environment;
    this.log = log;
  }

  /** Starts (or restarts) the process. */
  public ManagedProcess start() {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill9() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /** The operating system's id of the running process, to read its memory from {@code /proc}. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** How many lines of the process's log (all its runs) contain the text; 0 before it logs. */
  public long linesContaining(String text) {
    try {
      return Files.exists(log)
          ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count()
          : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Waits until a line of the process's log contains the text; fails at once if it exits. */
  public void awaitLog(String text, Duration timeout) {
    org.awaitility.Awaitility.await(name + " logs \"" + text + "\"")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .failFast("process exited: " + logTail(), () -> !isAlive())
        .until(() -> linesContaining(text) > 0);
  }

  /** Returns the end of the process's log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return name
          + " log:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return name + " log unreadable: " + e.getMessage();
    }
  }

  private void waitFor(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends SIGTERM and returns at once, so that several processes can shut down side by side; {@link
   * #close} then waits for the end.
   */
  void terminate() {
    if (process != null && process.isAlive()) {
      process.destroy();
    }
  }

  /** Stops the process with SIGTERM, and SIGKILL if it does not end in time. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    waitFor(Duration.ofSeconds(15));
    if (process.isAlive()) {
      kill9();
    }
  }
}
