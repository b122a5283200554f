package io.fleetflow.model.action;

import io.fleetflow.model.meta.CommentedBody;

/**
 * The body of {@code POST .../managedclusteractions/NAME/approve}.
 *
 * @param comment the approver's comment, kept in the action's condition and history, or null
 */
public record ActionApproval(String comment) implements CommentedBody<ActionApproval> {
  @Override
  public ActionApproval orComment(String reason) {
    return comment != null ? this : new ActionApproval(reason);
  }
}
