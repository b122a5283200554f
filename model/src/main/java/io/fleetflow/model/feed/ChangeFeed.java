package io.fleetflow.model.feed;

/**
 * The contract of the change feed: one hub workflow, {@link #WORKFLOW_ID}, receives every entity's
 * {@link EntityChange}s as signals named {@link #PUBLISH_BATCH}, each a batch of the changes that
 * hub worker's entities made while its previous batch was on its way ({@link #PUBLISH}, one change
 * a signal, is what hubs before batching sent, and is still read). The order of those signals in
 * the feed's history, and of the changes within each, is the one global order of changes; readers
 * follow the history and name a place in it by a {@link FeedPosition}, which is what Kubernetes
 * clients see as a resourceVersion.
 */
public final class ChangeFeed {
  /** The feed's workflow ID; there is one feed per Temporal namespace. */
  public static final String WORKFLOW_ID = "ChangeFeed";

  /** The feed's workflow type. */
  public static final String WORKFLOW_TYPE = "ChangeFeed";

  /** The signal that carries one {@link EntityChange}, as hubs before batching sent it. */
  public static final String PUBLISH = "publish";

  /** The signal that carries a batch of {@link EntityChange}s, in their order. */
  public static final String PUBLISH_BATCH = "publish-batch";

  /** The most changes one batch carries; below {@link FeedPosition#EVENT_SPAN}. */
  public static final int MAX_BATCH = 500;

  /**
   * The most bytes (as JSON) one batch carries, well below Temporal's 2 MB payload limit and near
   * its 512 KB warning, so that one signal stays cheap to store and to read.
   */
  public static final int MAX_BATCH_BYTES = 256 * 1024;

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
