package io.fleetflow.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real command-line client (kubectl, clusteradm) as a person at a terminal would. */
final class CommandLines {
  private CommandLines() {}

  /**
   * Runs the command with stdin when given, and returns its exit code and output (stdout and stderr
   * together); a command that runs past two minutes is killed and fails the test.
   */
  static Kubectl.Result run(List<String> command, String stdin) {
    try {
      // The output goes to a file, so that a command that hangs is killed at the deadline rather
      // than holding a reader of its output forever.
      Path output = Files.createTempFile("fleetflow-command", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (stdin != null) {
          process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(
              String.join(" ", command) + " did not finish in 120 s:\n" + Files.readString(output));
        }
        return new Kubectl.Result(process.exitValue(), Files.readString(output).trim());
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
