package io.fleetflow.workflows.clusterset;

import io.fleetflow.model.clusterset.ManagedClusterSet;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.Objects;

/**
 * Tells a set's bindings when the set comes into being and when it is being deleted, so that a
 * binding reports {@code Bound} at once instead of looking for its set on a timer. Lives in the
 * set's workflow instance: a new run tells once more, which a binding takes as a re-check.
 */
final class BindingNotices {
  /** The change that introduced the notices; executions before it never send them. */
  static final String CHANGE_ID = "tell-bindings";

  private Boolean told;

  /** Tells the bindings whether the set exists, when that differs from what this run last told. */
  void afterReconcile(ManagedClusterSet set) {
    boolean exists = set.getMetadata().getDeletionTimestamp() == null;
    if (Objects.equals(told, exists)
        || Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return;
    }
    told = exists;
    String name = set.getMetadata().getName();
    try {
      Inventory.stub(
              "tell the bindings of set "
                  + name
                  + (exists ? " that it exists" : " that it is being deleted"))
          .tellBindings(name, exists);
    } catch (ActivityFailure e) {
      // A binding still re-checks on its own, later; a lost notice delays it, it does not stop
      // the set.
      Workflow.getLogger(BindingNotices.class).warn("bindings of set {} not told", name, e);
    }
  }
}
