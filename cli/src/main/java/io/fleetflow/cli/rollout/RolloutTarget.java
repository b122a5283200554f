package io.fleetflow.cli.rollout;

import io.fleetflow.cli.CommandFailure;
import io.fleetflow.cli.connect.ApiPath;
import io.fleetflow.model.addon.ClusterManagementAddOn;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import java.util.List;

/**
 * What a rollout command is about: a ManifestWorkReplicaSet ({@code NAME}, or {@code
 * manifestworkreplicaset/NAME}) or the config rollouts of an add-on ({@code
 * clustermanagementaddon/NAME}, {@code cma/NAME}), as kubectl's {@code TYPE/NAME}. Names and
 * namespaces are checked as the gateway checks them, so nothing but a valid name becomes part of a
 * URL.
 *
 * @param addOn true for an add-on, false for a replica set
 * @param namespace the replica set's namespace; null for an add-on, which is cluster-scoped
 * @param name its name
 */
public record RolloutTarget(boolean addOn, String namespace, String name) {
  private static final List<String> REPLICA_SET_TYPES =
      List.of("manifestworkreplicaset", "manifestworkreplicasets", "mwrs");
  private static final List<String> ADD_ON_TYPES =
      List.of("clustermanagementaddon", "clustermanagementaddons", "cma", "addon");

  /**
   * Checks and returns the target.
   *
   * @throws CommandFailure when the type is not one rollouts know or the name is not valid
   */
  public static RolloutTarget of(String namespace, String text) {
    int slash = text.indexOf('/');
    String type = slash < 0 ? REPLICA_SET_TYPES.get(0) : text.substring(0, slash).toLowerCase();
    String name = slash < 0 ? text : text.substring(slash + 1);
    if (ADD_ON_TYPES.contains(type)) {
      require(Names.checkLabel("name", name));
      return new RolloutTarget(true, null, name);
    }
    if (!REPLICA_SET_TYPES.contains(type)) {
      // Not a type rollouts know: the whole text is a replica set's name, checked as one.
      name = text;
    }
    require(Names.checkSubdomain("name", name));
    require(Names.checkLabel("namespace", namespace));
    return new RolloutTarget(false, namespace, name);
  }

  /** The object's path in the hub's API. */
  public ApiPath path() {
    return addOn
        ? ApiPath.of(ClusterManagementAddOn.class, null, name)
        : ApiPath.of(ManifestWorkReplicaSet.class, namespace, name);
  }

  /** The type as kubectl names it. */
  public String type() {
    return addOn ? "clustermanagementaddon" : "manifestworkreplicaset";
  }

  @Override
  public String toString() {
    return addOn ? type() + "/" + name : namespace + "/" + name;
  }

  private static void require(List<FieldError> problems) {
    if (!problems.isEmpty()) {
      throw new CommandFailure(problems.get(0).toString());
    }
  }
}
