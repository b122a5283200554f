package io.fleetflow.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OCM's own CLI, clusteradm (the real binary, built once per machine by {@code
 * clusteradm-dev/install.sh}), against a fleet's gateway with the token of one role, as an OCM user
 * drives a hub.
 */
public final class Clusteradm {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static Path binary;

  private final Path kubeconfig;

  private Clusteradm(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** clusteradm with the kubeconfig of a role (admin, operator, approver, viewer) of the fleet. */
  public static Clusteradm of(Fleet fleet, String role) {
    return new Clusteradm(fleet.kubeconfig(role));
  }

  /**
   * The binary, built or taken from the cache by the install script; the test launcher starts the
   * build in the background, and the script's lock makes this wait for it rather than build twice.
   */
  public static synchronized Path binary() {
    if (binary == null) {
      try {
        Path log = REPO.resolve("e2e/target/clusteradm-install.log");
        Files.createDirectories(log.getParent());
        Process install =
            new ProcessBuilder(REPO.resolve("clusteradm-dev/install.sh").toString())
                .redirectError(log.toFile())
                .start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!install.waitFor(20, TimeUnit.MINUTES) || install.exitValue() != 0) {
          throw new AssertionError("clusteradm-dev/install.sh failed; see " + log);
        }
        binary = Path.of(out.strip());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return binary;
  }

  /** Runs {@code clusteradm ARGS... --kubeconfig FILE}, with stdin when given. */
  public Kubectl.Result run(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of(args));
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    return CommandLines.run(command, stdin);
  }

  /** Runs a command that must succeed and returns its output. */
  public String ok(String... args) {
    return run(null, args).ok();
  }
}
