package io.fleetflow.model.rollout;

import io.fleetflow.model.meta.CommentedBody;

/**
 * The body of a rollout control ({@code approve}, {@code pause}, {@code resume}, {@code abort},
 * {@code undo}); each reads only the fields it needs.
 *
 * @param comment the person's comment, kept in the history (approve, and a reason for the others)
 * @param rollback abort only: also return the changed clusters to their previous revision
 * @param toRevision undo only: the revision to return to; null means the one before the current
 */
public record RolloutCommand(String comment, Boolean rollback, Long toRevision)
    implements CommentedBody<RolloutCommand> {
  /** Returns true when an abort should roll back. */
  public boolean rollsBack() {
    return Boolean.TRUE.equals(rollback);
  }

  @Override
  public RolloutCommand orComment(String reason) {
    return comment != null ? this : new RolloutCommand(reason, rollback, toRevision);
  }
}
