package io.fleetflow.activities.hub.liveness;

import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watches clusters through the sweeping workflow and reads their pollers, a few at a time. */
public class ClusterLivenessActivitiesImpl implements ClusterLivenessActivities {
  private static final Logger log = LoggerFactory.getLogger(ClusterLivenessActivitiesImpl.class);

  /** How many task queues are read at once: enough for thousands a minute, gentle on Temporal. */
  static final int READERS = 8;

  private final WorkflowClient client;
  private final String taskQueue;
  private final Pollers pollers;
  private final LongSupplier clock;
  private final PollMemory memory;

  /**
   * @param client the hub's client
   * @param taskQueue the hub's task queue, where the sweeping workflow runs
   * @param pollers where the agents' polls are read
   * @param clock the time of a sweep (epoch millis), the same clock as the pollers' times
   */
  public ClusterLivenessActivitiesImpl(
      WorkflowClient client, String taskQueue, Pollers pollers, LongSupplier clock) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.pollers = pollers;
    this.clock = clock;
    this.memory = new PollMemory(clock.getAsLong());
  }

  @Override
  public void watch(WatchedCluster cluster) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(WORKFLOW_ID)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary(
                "Finds which clusters' agents poll their task queues, so idle clusters renew no"
                    + " lease")
            .build();
    client
        .newUntypedWorkflowStub(WORKFLOW_TYPE, options)
        .signalWithStart(WATCH, new Object[] {cluster}, new Object[] {null});
  }

  @Override
  public List<Crossing> sweep(List<WatchedCluster> watched) {
    Map<String, Long> lastPolls = new ConcurrentHashMap<>();
    List<WatchedCluster> unread = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(READERS, Thread.ofVirtual().factory());
    try {
      List<Future<?>> reads = new ArrayList<>();
      for (WatchedCluster cluster : watched) {
        reads.add(
            readers.submit(
                () -> {
                  try {
                    pollers
                        .lastPoll(cluster.name())
                        .ifPresent(t -> lastPolls.put(cluster.name(), t));
                  } catch (RuntimeException e) {
                    synchronized (unread) {
                      unread.add(cluster);
                    }
                    log.warn(
                        "cannot read the pollers of cluster {}: {}",
                        cluster.name(),
                        e.getMessage());
                  }
                }));
      }
      for (Future<?> read : reads) {
        read.get();
        Activity.getExecutionContext().heartbeat(null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw Activity.wrap(e);
    } finally {
      readers.shutdownNow();
    }
    List<WatchedCluster> read = new ArrayList<>(watched);
    read.removeAll(unread);
    return LivenessSweep.crossings(
        read, memory.remember(watched, lastPolls), memory.sinceMillis(), clock.getAsLong());
  }
}
