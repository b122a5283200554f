package io.fleetflow.activities.view;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fleetflow.model.view.ManagedClusterView;

/**
 * What an agent saw of a view's object: the answer of {@link ViewAgentActivities#watchView} and the
 * payload of the {@code viewChanged} signal its watch sends later.
 *
 * @param view the view's name (null in a resync, which goes to one view's workflow)
 * @param generation the generation of the view whose scope was read
 * @param reason {@link ManagedClusterView#REASON_PROCESSING} when the object was read (it is in
 *     {@code result}), else the foundation API's reason why not
 * @param message the same in words
 * @param result the object without its managedFields, or null when it could not be read
 * @param resync true when the agent asks for the view to be sent again (it started, and keeps no
 *     watches from before); the other fields are then empty
 */
public record ViewReport(
    String view,
    long generation,
    String reason,
    String message,
    GenericKubernetesResource result,
    boolean resync) {

  /** A report that the object was read. */
  public static ViewReport read(ViewRequest request, GenericKubernetesResource object) {
    return new ViewReport(
        request.view(),
        request.generation(),
        ManagedClusterView.REASON_PROCESSING,
        "Watching resources successfully",
        object,
        false);
  }

  /** A report that the object could not be read, and why. */
  public static ViewReport failed(ViewRequest request, String reason, String message) {
    return new ViewReport(request.view(), request.generation(), reason, message, null, false);
  }

  /** The agent's request that a view be sent to it again. */
  public static ViewReport resyncRequest() {
    return new ViewReport(null, 0, null, null, null, true);
  }

  /** True when the object was read. */
  public boolean processing() {
    return ManagedClusterView.REASON_PROCESSING.equals(reason);
  }
}
