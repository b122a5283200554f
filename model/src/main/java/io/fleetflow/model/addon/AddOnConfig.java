package io.fleetflow.model.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OCM's {@code AddOnConfig}: one configuration object of an add-on, by group, plural resource, name
 * and (for namespaced configs) namespace, as ManagedClusterAddOn {@code spec.configs[]} and an
 * install strategy's {@code placements[].configs[]} name them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AddOnConfig(String group, String resource, String name, String namespace) {
  /** The group and resource, which say what kind of config this is. */
  public String groupResource() {
    return ConfigKinds.groupResource(group, resource);
  }

  /** The config's {@code namespace/name}, or its name when it is cluster-scoped. */
  public String describe() {
    return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
  }
}
