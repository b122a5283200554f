package io.fleetflow.e2e.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real clusters of the real-cluster tier, started once per test JVM and shared by its test
 * classes (each costs etcd, a 270 MB kube-apiserver and a controller manager), stopped when the JVM
 * ends. Tests that use them leave behind only what their names make unique.
 */
public final class RealClusters {
  /** The names of the shared clusters; a test's agents join the hub under these names. */
  public static final List<String> NAMES = List.of("east", "west");

  private static final Path DIR =
      Path.of("target", "real-clusters-" + ProcessHandle.current().pid())
          .toAbsolutePath()
          .normalize();
  private static List<RealCluster> shared;

  private RealClusters() {}

  /** The shared clusters, started on first use. */
  public static synchronized List<RealCluster> shared() {
    if (shared == null) {
      List<RealCluster> started = new ArrayList<>();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> started.forEach(RealCluster::close), "real-clusters"));
      for (String name : NAMES) {
        started.add(RealCluster.start(name, DIR.resolve(name)));
      }
      shared = List.copyOf(started);
    }
    return shared;
  }

  /** One shared cluster by name. */
  public static RealCluster named(String name) {
    return shared().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no shared real cluster " + name));
  }
}
