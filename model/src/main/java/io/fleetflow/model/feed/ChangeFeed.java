package io.fleetflow.model.feed;

/**
 * The contract of the change feed: one hub workflow, {@link #WORKFLOW_ID}, receives every entity's
 * {@link EntityChange} as a signal named {@link #PUBLISH}. The order of those signals in the feed's
 * history is the one global order of changes; readers follow the history and name a place in it by
 * a {@link FeedPosition}, which is what Kubernetes clients see as a resourceVersion.
 */
public final class ChangeFeed {
  /** The feed's workflow ID; there is one feed per Temporal namespace. */
  public static final String WORKFLOW_ID = "ChangeFeed";

  /** The feed's workflow type. */
  public static final String WORKFLOW_TYPE = "ChangeFeed";

  /** The signal that carries one {@link EntityChange}. */
  public static final String PUBLISH = "publish";

  /**
   * The sequence number of a new feed's first run. Runs count from 1, so that every position is at
   * least {@link FeedPosition#RUN_SPAN} and is never mistaken for an object's own resourceVersion
   * (a small counter), which a client may also watch from.
   */
  public static final long FIRST_RUN = 1;

  /**
   * Objects up to this size (as JSON) travel inside the change; larger ones travel as a key only,
   * so that the feed's history stays small and no signal nears Temporal's payload limit.
   */
  public static final int MAX_INLINE_BYTES = 32 * 1024;

  private ChangeFeed() {}
}
