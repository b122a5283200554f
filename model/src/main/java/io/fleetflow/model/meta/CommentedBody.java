package io.fleetflow.model.meta;

/**
 * A subresource body that carries a person's comment. Every change may carry a reason (kubectl's
 * {@code X-Fleetflow-Reason} header); it is the comment when the body gives none.
 *
 * @param <B> the body's own type
 */
public interface CommentedBody<B extends CommentedBody<B>> {
  /** The longest comment a body may carry; comments stay in the object's status and history. */
  int MAX_COMMENT_LENGTH = 4096;

  /** The comment, or null. */
  String comment();

  /** Returns this body, or a copy whose comment is {@code reason} when this one has none. */
  B orComment(String reason);
}
