package io.fleetflow.e2e.support;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Kubernetes control plane on this machine (etcd, kube-apiserver v1.34 and
 * kube-controller-manager, started by {@code kube-dev/start.sh}), with the admin's kubeconfig and,
 * on request, the credentials of the agent's own ServiceAccount with the agent's least RBAC ({@code
 * kube-dev/agent-credentials.sh} applies {@code deploy/agent/rbac}).
 */
public final class RealCluster implements AutoCloseable {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private final String name;
  private final Path dir;
  private final ManagedProcess process;
  private Path agentCredentials;
  private KubernetesClient admin;

  private RealCluster(String name, Path dir, ManagedProcess process) {
    this.name = name;
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts a control plane keeping its state in {@code dir} and returns once its API server is
   * ready. The first call on a fresh machine waits for {@code kube-dev/install.sh} to build the
   * binaries (which {@code ./fleetflow test} starts in the background before Maven).
   */
  public static RealCluster start(String name, Path dir) {
    ManagedProcess process =
        new ManagedProcess(
            "kube-" + name,
            List.of(
                REPO.resolve("kube-dev/start.sh").toString(),
                "--dir",
                dir.toString(),
                "--name",
                name),
            Map.of(),
            dir.resolveSibling(name + "-start.log"));
    process.start();
    RealCluster cluster = new RealCluster(name, dir, process);
    try {
      await("real cluster " + name + " ready")
          // A fresh machine builds kube-apiserver first: minutes on a loaded machine.
          .atMost(Duration.ofMinutes(25))
          .pollInterval(Duration.ofMillis(500))
          .failFast("kube-dev/start.sh exited: " + process.logTail(), () -> !process.isAlive())
          .until(() -> process.linesContaining("Kubernetes API server " + name + " ready") > 0);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The cluster's name in its kubeconfig. */
  public String name() {
    return name;
  }

  /** The admin's kubeconfig (group system:masters). */
  public Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  /** kubectl as the cluster's admin. */
  public Kubectl kubectl() {
    return new Kubectl(kubeconfig());
  }

  /** A fabric8 client as the cluster's admin. */
  public synchronized KubernetesClient admin() {
    if (admin == null) {
      try {
        admin =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig())))
                .build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return admin;
  }

  /**
   * Applies the agent's ServiceAccount and least RBAC and returns the directory with what a pod of
   * that ServiceAccount would see: {@code token}, {@code ca.crt}, {@code namespace}, {@code
   * server}, and a {@code kubeconfig} with the same credentials.
   */
  public synchronized Path agentCredentials() {
    if (agentCredentials == null) {
      Path out = dir.resolve("agent");
      run(
          List.of(
              REPO.resolve("kube-dev/agent-credentials.sh").toString(),
              "--kubeconfig",
              kubeconfig().toString(),
              "--out",
              out.toString(),
              "--duration",
              "6h"));
      agentCredentials = out;
    }
    return agentCredentials;
  }

  /** The API server's URL. */
  public String server() {
    return admin().getConfiguration().getMasterUrl().replaceAll("/$", "");
  }

  /** The API server's port on 127.0.0.1. */
  public int port() {
    return java.net.URI.create(server()).getPort();
  }

  private static void run(List<String> command) {
    try {
      Fleet.run(command.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the control plane; its state stays in its directory. */
  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
    process.close();
  }
}
