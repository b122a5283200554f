package io.fleetflow.agent.work;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflows other than a work's own that hold works on the agent's cluster (replica sets that
 * hold their generated works), kept where the agent keeps its identity. A ManifestWork workflow is
 * found by visibility when the agent starts; a holder of a thousand clusters' works cannot name
 * them in a search attribute, and the agent may not list replica sets, so the agent remembers whom
 * it applied for and asks each to send its work again after a restart ({@link WorkResync}).
 *
 * <p>A holder is added by the first apply it asks for and forgotten when, asked after a restart, it
 * no longer exists. One that still exists but no longer places the cluster ignores the request. The
 * registry is written only when a holder is added or forgotten, never per apply.
 */
public final class HolderRegistry {
  private static final Logger log = LoggerFactory.getLogger(HolderRegistry.class);

  /** Where the holders are kept between agent processes. */
  public interface Store {
    /** The holders kept, empty when nothing was kept yet. */
    Set<String> read();

    /** Replaces what is kept with {@code holders}. */
    void write(Set<String> holders);
  }

  private final Store store;
  private final Set<String> holders;

  /** A registry over {@code store}, read once now. */
  public HolderRegistry(Store store) {
    this.store = store;
    this.holders = new TreeSet<>(readOrNone(store));
  }

  private static Set<String> readOrNone(Store store) {
    try {
      return store.read();
    } catch (RuntimeException e) {
      // An agent that cannot read the registry still runs; only a resync after a restart is lost.
      log.warn("cannot read the holders of works ({}); starting with none", e.toString());
      return Set.of();
    }
  }

  /** A registry kept in the agent's state directory, as the file {@code holders}. */
  public static HolderRegistry inDirectory(Path directory) {
    return new HolderRegistry(new FileStore(directory.resolve("holders")));
  }

  /**
   * A registry kept in the ConfigMap {@value ConfigMapStore#NAME} of an in-cluster agent's
   * namespace, beside the Secret that keeps its identity, since a pod has no directory that
   * outlives it.
   */
  public static HolderRegistry inConfigMap(KubernetesClient client, String namespace) {
    return new HolderRegistry(new ConfigMapStore(client, namespace));
  }

  /** Records that {@code holder} holds a work on the cluster. */
  public synchronized void add(String holder) {
    if (holder != null && holders.add(holder)) {
      save();
    }
  }

  /** Forgets a holder that no longer exists. */
  public synchronized void forget(String holder) {
    if (holders.remove(holder)) {
      save();
    }
  }

  /** The holders recorded, in name order. */
  public synchronized Set<String> holders() {
    return Collections.unmodifiableSet(new TreeSet<>(holders));
  }

  private void save() {
    try {
      store.write(new TreeSet<>(holders));
    } catch (RuntimeException e) {
      // The registry only helps a restarted agent; an apply must not fail for it.
      log.warn(
          "cannot keep the holders of works ({}); a restart may not resync them", e.toString());
    }
  }

  private static Set<String> parse(String text) {
    return text == null
        ? Set.of()
        : Arrays.stream(text.split("\n"))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String format(Set<String> holders) {
    return holders.stream().map(h -> h + "\n").collect(Collectors.joining());
  }

  /** One holder per line in a file, replaced atomically. */
  record FileStore(Path file) implements Store {
    @Override
    public Set<String> read() {
      try {
        return Files.exists(file) ? parse(Files.readString(file)) : Set.of();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }

    @Override
    public void write(Set<String> holders) {
      try {
        Files.createDirectories(file.getParent());
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, format(holders));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  /** One holder per line in the key {@code holders} of a ConfigMap. */
  record ConfigMapStore(KubernetesClient client, String namespace) implements Store {
    /** The ConfigMap's name in the agent's namespace. */
    static final String NAME = "fleetflow-agent-holders";

    private static final String KEY = "holders";

    @Override
    public Set<String> read() {
      ConfigMap found = client.configMaps().inNamespace(namespace).withName(NAME).get();
      return found == null || found.getData() == null ? Set.of() : parse(found.getData().get(KEY));
    }

    @Override
    public void write(Set<String> holders) {
      ConfigMap map =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(NAME)
              .withNamespace(namespace)
              .addToLabels("app.kubernetes.io/name", "fleetflow-agent")
              .endMetadata()
              .addToData(KEY, format(holders))
              .build();
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(map)
          .fieldManager("fleetflow-agent")
          .forceConflicts()
          .serverSideApply();
    }
  }
}
