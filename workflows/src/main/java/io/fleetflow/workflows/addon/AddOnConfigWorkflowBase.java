package io.fleetflow.workflows.addon;

import io.fabric8.kubernetes.client.CustomResource;
import io.fleetflow.activities.addon.AddOnActivities;
import io.fleetflow.model.addon.AddOnConfig;
import io.fleetflow.model.addon.ConfigKinds;
import io.fleetflow.model.addon.SpecHashes;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.workflows.entity.HubStubs;
import io.fleetflow.workflows.entity.ReconciledEntityWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The life of an add-on config (an AddOnTemplate or an AddOnDeploymentConfig): stored as written,
 * and whenever its spec's content changes (or it is created or deleted) every
 * ClusterManagementAddOn hears of it, so that the add-ons that use it roll the change out.
 *
 * @param <T> the config's kind
 */
abstract class AddOnConfigWorkflowBase<T extends CustomResource<?, ?>>
    extends ReconciledEntityWorkflow<T> {
  /** A config has no status of its own to keep current: it sleeps until it changes. */
  static final Duration IDLE = Duration.ofDays(1);

  private final String resource;

  AddOnConfigWorkflowBase(ResourceKind<T> kind, String resource, Consumer<T> initStatus) {
    super(kind, initStatus);
    this.resource = resource;
  }

  /** The hash of the content the add-ons were last told about, from the carried state. */
  protected abstract String notified();

  /** Records the hash the add-ons were told about, in the carried state. */
  protected abstract void notified(String hash);

  @Override
  protected void reconcile(Instant now) {}

  @Override
  protected void afterReconcile() {
    boolean deleted = object().getMetadata().getDeletionTimestamp() != null;
    String hash = deleted ? null : SpecHashes.of(object().getSpec());
    if (Objects.equals(hash, notified())) {
      return;
    }
    notified(hash);
    AddOnConfig config =
        new AddOnConfig(
            ConfigKinds.GROUP,
            resource,
            object().getMetadata().getName(),
            object().getMetadata().getNamespace());
    HubStubs.of(
            AddOnActivities.class,
            "tell the add-ons that " + kind().kind() + " " + config.describe() + " changed",
            Duration.ofSeconds(30))
        .configChanged(config);
  }

  @Override
  protected Wake nextWake() {
    return new Wake(IDLE, "nothing to do: a change arrives as an update");
  }
}
