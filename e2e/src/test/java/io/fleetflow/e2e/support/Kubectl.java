package io.fleetflow.e2e.support;

import static org.awaitility.Awaitility.await;

import io.fleetflow.model.certificates.ClusterNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** Runs the real {@code kubectl} against a kubeconfig, as an operator would. */
public final class Kubectl {
  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Returns true when kubectl is on the PATH. */
  public static boolean available() {
    try {
      return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits for a cluster's join request and accepts it with a merge patch as an operator would. */
  public void acceptWhenJoined(String cluster) {
    await(cluster + " asks to join")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> run(null, "get", "managedcluster", cluster).exitCode() == 0);
    ok(
        "patch",
        "managedcluster",
        cluster,
        "--type=merge",
        "-p",
        "{\"spec\":{\"hubAcceptsClient\":true}}");
  }

  /**
   * Waits for the agent of a cluster that joins with a certificate signing request to send it, and
   * returns the request's name.
   */
  public String awaitJoinRequest(String cluster) {
    String selector = ClusterNames.CLUSTER_NAME_LABEL + "=" + cluster;
    await(cluster + " sends its certificate request")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !ok("get", "csr", "-l", selector, "-o", "name").isBlank());
    String first = ok("get", "csr", "-l", selector, "-o", "name").lines().findFirst().get();
    return first.strip().substring(first.strip().indexOf('/') + 1);
  }

  /**
   * Waits for a cluster's join request, accepts it with a merge patch as an operator would, and
   * waits until the cluster is Available.
   */
  public void acceptWhenJoinedAndAwaitAvailable(String cluster) {
    acceptWhenJoined(cluster);
    ok(
        "wait",
        "--for=condition=ManagedClusterConditionAvailable",
        "managedcluster/" + cluster,
        "--timeout=90s");
  }

  /** The outcome of one command. */
  public record Result(int exitCode, String output) {
    /** Returns the output, failing when the command failed. */
    public String ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed with " + exitCode + ":\n" + output);
      }
      return output;
    }
  }

  /** Runs {@code kubectl --kubeconfig <file> ARGS...}, with stdin when given. */
  public Result run(String stdin, String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return CommandLines.run(command, stdin);
  }

  /** Runs a command that must succeed and returns its output. */
  public String ok(String... args) {
    return run(null, args).ok();
  }

  /**
   * Returns a field (status, reason, message) of an object's condition of the given type, or ""
   * when the object or the condition is missing.
   */
  public String condition(String resource, String name, String type, String field) {
    return condition(resource, name, null, type, field);
  }

  /** The same for an object in a namespace (null for a cluster-scoped object). */
  public String condition(
      String resource, String name, String namespace, String type, String field) {
    return field(
        resource,
        name,
        namespace,
        "{.status.conditions[?(@.type==\"" + type + "\")]." + field + "}");
  }

  /**
   * Returns what {@code kubectl get RESOURCE NAME [-n NAMESPACE] -o jsonpath=PATH} prints, or ""
   * when the object is missing.
   */
  public String field(String resource, String name, String namespace, String jsonPath) {
    List<String> args =
        new ArrayList<>(List.of("get", resource, name, "-o", "jsonpath=" + jsonPath));
    if (namespace != null) {
      args.addAll(List.of("-n", namespace));
    }
    Result result = run(null, args.toArray(String[]::new));
    return result.exitCode() == 0 ? result.output() : "";
  }

  /** Waits until {@code kubectl ARGS} prints exactly {@code expected}, polling every second. */
  public void awaitOutput(String what, Duration timeout, String expected, String... args) {
    AtomicReference<Result> last = new AtomicReference<>();
    try {
      await(what)
          .atMost(timeout)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                last.set(run(null, args));
                return last.get().output().equals(expected);
              });
    } catch (ConditionTimeoutException e) {
      // The last answer says whether the object was missing, refused or in another state, which
      // a timeout alone does not.
      Result answer = last.get();
      throw new AssertionError(
          e.getMessage()
              + "; kubectl "
              + String.join(" ", args)
              + (answer == null
                  ? " never answered"
                  : " last answered (exit " + answer.exitCode() + "): " + answer.output()),
          e);
    }
  }
}
