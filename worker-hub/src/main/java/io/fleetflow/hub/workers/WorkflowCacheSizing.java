package io.fleetflow.hub.workers;

/**
 * How many workflow executions the hub keeps in its worker's cache, and how many workflow threads
 * it may run, from the number of executions running when it starts. An entity that is not cached
 * replays its whole history on its next task, so a cache smaller than the fleet turns every lease
 * renewal and every status report into a replay; Temporal's default of 600 evicts all the time at a
 * thousand clusters. Workflow threads are virtual, so a cached execution costs its state, not a
 * platform thread's stack.
 *
 * @param cacheSize the workflow cache's size
 * @param maxThreads the most workflow threads (each cached execution holds one, and one more per
 *     running handler or async branch)
 * @param heapBound whether the heap, not the fleet, set the size: the hub then needs a larger heap
 *     ({@link #heapWanted}) to keep the whole fleet cached
 * @param heapWanted the heap, in bytes, the whole fleet's executions need cached
 */
public record WorkflowCacheSizing(
    int cacheSize, int maxThreads, boolean heapBound, long heapWanted) {
  /** Temporal's default, kept as the floor: a small fleet still grows. */
  static final int MINIMUM = 600;

  /** Room for the fleet to grow before the hub restarts, and for short-lived executions. */
  static final double HEADROOM = 1.25;

  /**
   * What one cached execution is taken to cost, its state and its virtual threads' stacks; an
   * estimate, which the heap bound keeps honest.
   */
  static final long BYTES_PER_EXECUTION = 128 * 1024;

  /** The share of the heap the cache may fill. */
  static final double HEAP_SHARE = 0.5;

  static final int THREADS_PER_EXECUTION = 4;

  /**
   * Sizes the cache.
   *
   * @param running the executions running on the hub's task queue now
   * @param maxHeap the JVM's maximum heap, in bytes
   * @param configured a size an operator set, which wins; 0 for none
   */
  public static WorkflowCacheSizing of(long running, long maxHeap, int configured) {
    long wanted = Math.max(MINIMUM, (long) Math.ceil(running * HEADROOM));
    long heapWanted = (long) Math.ceil(wanted * BYTES_PER_EXECUTION / HEAP_SHARE);
    if (configured > 0) {
      return new WorkflowCacheSizing(
          configured, configured * THREADS_PER_EXECUTION, false, heapWanted);
    }
    long heapAllows = (long) (maxHeap * HEAP_SHARE / BYTES_PER_EXECUTION);
    boolean heapBound = heapAllows < wanted;
    int size =
        (int)
            Math.min(
                Integer.MAX_VALUE / THREADS_PER_EXECUTION,
                Math.max(MINIMUM, heapBound ? heapAllows : wanted));
    return new WorkflowCacheSizing(size, size * THREADS_PER_EXECUTION, heapBound, heapWanted);
  }
}
