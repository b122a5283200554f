package io.fleetflow.model.takeover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The profile the hub installs when none exists: the agent's and add-ons' namespaces, the agent's
 * RBAC, the AppliedManifestWork CRD, a priority class and two ConfigMaps (twelve resources).
 */
public final class DefaultTakeoverProfile {
  private static final String RESOURCE = "default-profile.yaml";

  private DefaultTakeoverProfile() {}

  /** Reads a fresh copy of the default profile. */
  public static ClusterTakeoverProfile load() {
    try (InputStream in = DefaultTakeoverProfile.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper(new YAMLFactory()).readValue(in, ClusterTakeoverProfile.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default takeover profile", e);
    }
  }
}
