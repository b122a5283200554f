package io.fleetflow.activities.hub;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.model.action.ManagedClusterAction;
import io.fleetflow.model.action.ManagedClusterActionSet;
import io.fleetflow.model.action.ManagedClusterActionSpec;
import io.fleetflow.model.meta.Actor;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.HashMap;
import java.util.Map;

/** What a ManagedClusterActionSet asks of the hub: the actions it starts on its clusters. */
@ActivityInterface
public interface ActionSetActivities {
  /**
   * Creates the set's ManagedClusterAction in the cluster's namespace, named as the set and
   * annotated with it. Idempotent: an action of the set that exists already counts as created.
   *
   * @return false when another action of that name, not the set's, is in the way
   */
  @ActivityMethod(name = "StartSetAction")
  boolean start(SetAction action);

  /**
   * One action of a set.
   *
   * @param cluster the cluster (the action's namespace)
   * @param name the action's name, the set's
   * @param owner the set as {@code <namespace>/<name>}
   * @param annotations the set's annotations the action carries (executor, approval)
   * @param spec the template
   * @param actor the set's creator, recorded as who asked
   */
  record SetAction(
      String cluster,
      String name,
      String owner,
      Map<String, String> annotations,
      ManagedClusterActionSpec spec,
      Actor actor) {

    /** The action as it is created: the set's name, annotations and template, and its owner. */
    public ManagedClusterAction toAction() {
      ManagedClusterAction created = new ManagedClusterAction();
      ObjectMeta meta = new ObjectMeta();
      meta.setNamespace(cluster);
      meta.setName(name);
      Map<String, String> all = new HashMap<>(annotations);
      all.put(ManagedClusterActionSet.OWNER, owner);
      meta.setAnnotations(all);
      created.setMetadata(meta);
      created.setSpec(spec);
      return created;
    }
  }
}
