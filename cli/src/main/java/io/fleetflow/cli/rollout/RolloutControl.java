package io.fleetflow.cli.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of a rollout control ({@code POST .../NAME/approve|pause|resume|abort|undo}); fields a
 * control does not use are left out.
 *
 * @param comment the person's comment, kept in the rollout's history, or null
 * @param rollback abort only: true to return the changed clusters to their previous revision
 * @param toRevision undo only: the revision to return to, or null for the one before the current
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutControl(String comment, Boolean rollback, Long toRevision) {
  /** A control with at most a comment. */
  public static RolloutControl withComment(String comment) {
    return new RolloutControl(comment, null, null);
  }
}
