package io.fleetflow.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * How stores built from the change feed order two copies of an object: by uid first (a new object
 * under an old name replaces the old one whatever its version), then by resourceVersion, which each
 * entity's workflow moves up by one on every change.
 */
public final class ObjectVersions {
  private ObjectVersions() {}

  /**
   * Whether {@code object} may replace {@code held}: there is none, it is another object under the
   * same name, or it is the same object at the same or a later version.
   */
  public static boolean newer(HasMetadata object, HasMetadata held) {
    if (held == null) {
      return true;
    }
    if (!Objects.equals(object.getMetadata().getUid(), held.getMetadata().getUid())) {
      return true;
    }
    return version(object) >= version(held);
  }

  /** The object's resourceVersion as a number, 0 when it has none that is one. */
  public static long version(HasMetadata object) {
    try {
      return Long.parseLong(object.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
