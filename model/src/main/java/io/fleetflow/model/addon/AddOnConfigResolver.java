package io.fleetflow.model.addon;

import io.fleetflow.model.addon.ClusterManagementAddOnSpec.ConfigMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which configs an add-on on one cluster runs with, as OCM resolves them kind by kind: the
 * ManagedClusterAddOn's own configs win over its install placement's (or what the add-on's rollout
 * gave it), which win over the ClusterManagementAddOn's defaults. Pure.
 */
public final class AddOnConfigResolver {
  private AddOnConfigResolver() {}

  /** The defaults of the add-on, with the placement's configs over them. */
  public static List<AddOnConfig> forPlacement(ClusterManagementAddOn addOn, String placement) {
    Map<String, AddOnConfig> byKind = new LinkedHashMap<>();
    for (ConfigMeta meta : addOn.getSpec().getSupportedConfigs()) {
      if (meta.defaultConfig() != null && meta.defaultConfig().name() != null) {
        AddOnConfig c =
            new AddOnConfig(
                meta.group(),
                meta.resource(),
                meta.defaultConfig().name(),
                meta.defaultConfig().namespace());
        byKind.put(c.groupResource(), c);
      }
    }
    addOn
        .getSpec()
        .placement(placement)
        .filter(p -> p.configs() != null)
        .ifPresent(p -> p.configs().forEach(c -> byKind.put(c.groupResource(), c)));
    return new ArrayList<>(byKind.values());
  }

  /**
   * The configs one add-on runs with.
   *
   * @param inherited what the placement (or the rollout) gives it
   * @param own the ManagedClusterAddOn's {@code spec.configs}
   */
  public static List<AddOnConfig> resolve(List<AddOnConfig> inherited, List<AddOnConfig> own) {
    Map<String, AddOnConfig> byKind = new LinkedHashMap<>();
    inherited.forEach(c -> byKind.put(c.groupResource(), c));
    if (own != null) {
      own.forEach(c -> byKind.put(c.groupResource(), c));
    }
    return new ArrayList<>(byKind.values());
  }
}
