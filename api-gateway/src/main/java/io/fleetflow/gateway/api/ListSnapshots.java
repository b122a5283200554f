package io.fleetflow.gateway.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Remembers recent list results by the resourceVersion handed out with them. Clients list, then
 * watch "from" the list's resourceVersion; the watch starts from the remembered list, so a change
 * that lands between the two requests (an object deleted in that moment, say) still becomes an
 * event instead of being lost.
 */
@Component
public class ListSnapshots {
  private static final int CAPACITY = 256;
  private final AtomicLong counter = new AtomicLong(System.currentTimeMillis());
  private final Map<String, List<HasMetadata>> snapshots =
      new LinkedHashMap<>(CAPACITY, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<HasMetadata>> eldest) {
          return size() > CAPACITY;
        }
      };

  /** Remembers a list result and returns the resourceVersion that names it. */
  public synchronized String remember(List<HasMetadata> items) {
    String version = Long.toString(counter.incrementAndGet());
    snapshots.put(version, List.copyOf(items));
    return version;
  }

  /** Returns the list result a resourceVersion names, if it is still remembered. */
  public synchronized Optional<List<HasMetadata>> recall(String resourceVersion) {
    return Optional.ofNullable(resourceVersion).map(snapshots::get);
  }
}
