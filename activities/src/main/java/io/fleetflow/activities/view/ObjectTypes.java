package io.fleetflow.activities.view;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fleetflow.model.view.ManagedClusterView;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the type a view's scope or an action's resource names among the types the cluster serves,
 * or says why it cannot, with the foundation API's reasons. A resource may carry its version and
 * group ({@code deployments.v1.apps}) or its group alone ({@code deployments.apps}), as kubectl
 * reads them; otherwise {@code apiGroup} and {@code version} say them, and a missing version is the
 * one the cluster prefers. Pure apart from the discovery it is given.
 */
public final class ObjectTypes {
  private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

  private ObjectTypes() {}

  /**
   * The outcome: a type, or a reason and a message.
   *
   * @param type the type, or null
   * @param reason the foundation API's reason when there is no type
   * @param message what is wrong, for a person
   */
  public record Resolution(ObjectType type, String reason, String message) {
    static Resolution invalid(String reason, String message) {
      return new Resolution(null, reason, message);
    }

    public boolean found() {
      return type != null;
    }
  }

  /**
   * Resolves a type named by kind or by resource (the resource wins when both are given).
   *
   * @param apiGroup the group, null or empty for the core group
   * @param version the version, null or empty for the preferred one
   * @param kind the kind, or null
   * @param resource the resource, possibly with version and group, or null
   */
  public static Resolution resolve(
      TypeDiscovery discovery, String apiGroup, String version, String kind, String resource) {
    String group = orEmpty(apiGroup);
    String wantedVersion = orEmpty(version);
    String name = orEmpty(resource);
    if (name.contains(".")) {
      String[] parts = name.split("\\.", 3);
      name = parts[0];
      String rest = parts.length == 2 ? parts[1] : parts[1] + "." + parts[2];
      if (parts.length == 3 && VERSION.matcher(parts[1]).matches()) {
        wantedVersion = parts[1];
        group = parts[2];
      } else {
        group = rest;
      }
    }
    if (wantedVersion.isEmpty()) {
      Optional<String> preferred =
          group.isEmpty() ? Optional.of("v1") : discovery.preferredVersion(group);
      if (preferred.isEmpty()) {
        return Resolution.invalid(
            ManagedClusterView.REASON_GVK_INVALID,
            "the cluster does not serve the API group \"" + group + "\"");
      }
      wantedVersion = preferred.get();
    }
    String groupVersion = group.isEmpty() ? wantedVersion : group + "/" + wantedVersion;
    Optional<List<APIResource>> served = discovery.resources(groupVersion);
    if (served.isEmpty()) {
      return Resolution.invalid(
          ManagedClusterView.REASON_GVK_INVALID, "the cluster does not serve " + groupVersion);
    }
    String wantedResource = name.toLowerCase(Locale.ROOT);
    for (APIResource r : served.get()) {
      if (r.getName().contains("/")) {
        continue;
      }
      boolean match =
          !wantedResource.isEmpty()
              ? r.getName().equals(wantedResource)
                  || wantedResource.equals(orEmpty(r.getSingularName()))
              : r.getKind().equals(kind);
      if (match) {
        return new Resolution(
            new ObjectType(
                group,
                wantedVersion,
                r.getKind(),
                r.getName(),
                Boolean.TRUE.equals(r.getNamespaced())),
            null,
            null);
      }
    }
    return Resolution.invalid(
        ManagedClusterView.REASON_TYPE_INVALID,
        groupVersion
            + " has no "
            + (wantedResource.isEmpty() ? "kind " + kind : "resource " + wantedResource)
            + " on this cluster");
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }
}
