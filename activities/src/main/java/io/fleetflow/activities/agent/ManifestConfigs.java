package io.fleetflow.activities.agent;

import io.fleetflow.model.work.ManifestWorkSpec.ManifestConfigOption;
import io.fleetflow.model.work.ManifestWorkSpec.ResourceIdentifier;
import io.fleetflow.model.work.ManifestWorkSpec.UpdateStrategy;
import io.fleetflow.model.work.ManifestWorkStatus.ResourceMeta;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Finds the {@code manifestConfigs} entry of a resource, as OCM matches them. */
final class ManifestConfigs {
  private final List<ManifestConfigOption> configs;

  ManifestConfigs(List<ManifestConfigOption> configs) {
    this.configs = configs == null ? List.of() : configs;
  }

  /** Returns the config whose resourceIdentifier names the resource, if any. */
  Optional<ManifestConfigOption> of(ResourceMeta meta) {
    return configs.stream().filter(c -> matches(c.resourceIdentifier(), meta)).findFirst();
  }

  /** Returns the resource's update strategy, {@code Update} by default. */
  UpdateStrategy strategyOf(ResourceMeta meta) {
    return of(meta)
        .map(ManifestConfigOption::updateStrategy)
        .orElse(new UpdateStrategy(UpdateStrategy.UPDATE, null));
  }

  private static boolean matches(ResourceIdentifier id, ResourceMeta meta) {
    return id != null
        && Objects.equals(id.group() == null ? "" : id.group(), meta.group())
        && Objects.equals(id.resource(), meta.resource())
        && Objects.equals(id.name(), meta.name())
        && Objects.equals(emptyToNull(id.namespace()), emptyToNull(meta.namespace()));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
