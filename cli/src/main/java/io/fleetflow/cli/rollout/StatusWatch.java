package io.fleetflow.cli.rollout;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fleetflow.cli.CommandFailure;
import io.fleetflow.cli.connect.Hub;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * {@code rollout status --watch}: shows the status, then follows the ManifestWorkReplicaSet through
 * the gateway's watch (a Kubernetes watch stream, which fabric8 re-establishes when the server ends
 * it) and shows every new version, until the rollout has nothing more to do by itself. Nothing
 * polls: a change reaches the screen as the gateway sends its event.
 */
final class StatusWatch {
  /** One thing the watch said: a new version of the object, its deletion, or its end. */
  private record Update(Watcher.Action action, ManifestWorkReplicaSet set, WatcherException end) {}

  private final Hub hub;
  private final RolloutTarget target;
  private final Consumer<ManifestWorkReplicaSet> show;

  /**
   * @param show shows one version of the object
   */
  StatusWatch(Hub hub, RolloutTarget target, Consumer<ManifestWorkReplicaSet> show) {
    this.hub = hub;
    this.target = target;
    this.show = show;
  }

  /**
   * Shows {@code current}, then every change, and returns once the rollout's phase is final.
   *
   * @throws CommandFailure when the object is deleted or the watch fails for good
   */
  void follow(ManifestWorkReplicaSet current) throws InterruptedException {
    show.accept(current);
    if (RolloutStatusView.isFinal(current)) {
      return;
    }
    BlockingQueue<Update> updates = new LinkedBlockingQueue<>();
    Watcher<ManifestWorkReplicaSet> watcher =
        new Watcher<>() {
          @Override
          public void eventReceived(Action action, ManifestWorkReplicaSet set) {
            updates.add(new Update(action, set, null));
          }

          @Override
          public void onClose(WatcherException cause) {
            updates.add(new Update(null, null, cause));
          }
        };
    String shown = current.getMetadata().getResourceVersion();
    try (Watch ignored =
        hub.watch(
            ManifestWorkReplicaSet.class, target.namespace(), target.name(), shown, watcher)) {
      while (true) {
        Update update = updates.take();
        if (update.end() != null) {
          throw new CommandFailure(target + ": the watch ended: " + update.end().getMessage());
        }
        switch (update.action()) {
          case DELETED -> throw new CommandFailure(target + ": deleted while being watched");
          case ADDED, MODIFIED -> {
            String version = update.set().getMetadata().getResourceVersion();
            // The watch starts (and restarts) with the object as it is, which may be the
            // version already on the screen.
            if (!Objects.equals(version, shown)) {
              shown = version;
              show.accept(update.set());
              if (RolloutStatusView.isFinal(update.set())) {
                return;
              }
            }
          }
          default -> {
            // Bookmarks and errors carry no new version; fabric8 handles errors by restarting.
          }
        }
      }
    }
  }
}
