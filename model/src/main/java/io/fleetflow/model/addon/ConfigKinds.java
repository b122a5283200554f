package io.fleetflow.model.addon;

import io.fleetflow.model.meta.ApiGroups;
import java.util.List;

/**
 * The kinds of configuration an add-on may name: an AddOnTemplate (what to deploy) and an
 * AddOnDeploymentConfig (how: variables, node placement, registries, proxy, install namespace).
 * These are the two config kinds OCM's generic add-on manager renders; any other group and resource
 * is refused where it is named, since nothing would read it.
 */
public final class ConfigKinds {
  public static final String GROUP = ApiGroups.ADDON;
  public static final String TEMPLATES = "addontemplates";
  public static final String DEPLOYMENT_CONFIGS = "addondeploymentconfigs";

  /** Every supported {@code group/resource}. */
  public static final List<String> SUPPORTED =
      List.of(groupResource(GROUP, TEMPLATES), groupResource(GROUP, DEPLOYMENT_CONFIGS));

  private ConfigKinds() {}

  /** Returns {@code group/resource}, or {@code resource} for the core group. */
  public static String groupResource(String group, String resource) {
    return (group == null || group.isEmpty() ? "" : group + "/") + resource;
  }

  /** Returns true when the group and resource are a config kind add-ons understand. */
  public static boolean supported(String group, String resource) {
    return SUPPORTED.contains(groupResource(group, resource));
  }

  /** Returns true when the config is an AddOnTemplate. */
  public static boolean isTemplate(String group, String resource) {
    return GROUP.equals(group) && TEMPLATES.equals(resource);
  }

  /** Returns true when the config is an AddOnDeploymentConfig. */
  public static boolean isDeploymentConfig(String group, String resource) {
    return GROUP.equals(group) && DEPLOYMENT_CONFIGS.equals(resource);
  }
}
