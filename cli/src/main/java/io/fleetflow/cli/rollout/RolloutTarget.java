package io.fleetflow.cli.rollout;

import io.fleetflow.cli.CommandFailure;
import io.fleetflow.cli.connect.ApiPath;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import java.util.List;

/**
 * The ManifestWorkReplicaSet a rollout command is about, its name and namespace checked as the
 * gateway checks them, so that nothing but a valid name becomes part of a URL.
 *
 * @param namespace its namespace
 * @param name its name
 */
public record RolloutTarget(String namespace, String name) {
  /**
   * Checks and returns the target.
   *
   * @throws CommandFailure when the name or namespace is not a valid Kubernetes name
   */
  public static RolloutTarget of(String namespace, String name) {
    require(Names.checkSubdomain("name", name));
    require(Names.checkLabel("namespace", namespace));
    return new RolloutTarget(namespace, name);
  }

  /** The object's path in the hub's API. */
  public ApiPath path() {
    return ApiPath.of(ManifestWorkReplicaSet.class, namespace, name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }

  private static void require(List<FieldError> problems) {
    if (!problems.isEmpty()) {
      throw new CommandFailure(problems.get(0).toString());
    }
  }
}
