package io.fleetflow.client.rbac;

import com.google.protobuf.ByteString;
import io.fleetflow.activities.hub.feed.FeedRuns;
import io.fleetflow.activities.hub.feed.FeedSignals;
import io.fleetflow.model.feed.ChangeFeed;
import io.fleetflow.model.feed.EntityChange;
import io.fleetflow.model.feed.FeedPosition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the change feed's history ({@link ChangeFeed}) from where it stands when it starts, with
 * long polls, across its continue-as-new runs, and hands every {@link EntityChange} to a consumer
 * with its {@link FeedPosition}. Before following, and again after a failure it cannot resume from,
 * it calls {@code relist}, so that the consumer's state is whole and changes from then on are
 * replayed over it (consumers apply a change only when it is newer than what they hold); a refusal
 * that passes (a busy feed, a server unavailable for a moment) is asked again from the same place
 * instead. Runs on one daemon thread.
 */
public final class FeedFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedFollower.class);
  private static final Duration LONG_POLL = Duration.ofSeconds(70);
  private static final Duration PAUSE = Duration.ofSeconds(2);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  private final WorkflowClient client;
  private final Consumer<FeedPosition> relist;
  private final BiConsumer<FeedPosition, EntityChange> consumer;
  private final Thread thread;
  private volatile boolean closed;

  /** Guards where the follower stands: {@link #readingRun}, {@link #readThrough}, and so on. */
  private final Object progress = new Object();

  private boolean listed;
  private String readingRun;
  private long readThrough;

  /** The IDs of the runs this follower read to their end, the latest last. */
  private final Deque<String> finishedRuns = new ArrayDeque<>();

  private static final int KEPT_RUNS = 16;

  /**
   * A follower; {@link #start} starts it.
   *
   * @param relist reads the whole state again (the consumer's list)
   * @param consumer takes each change, in the feed's order
   */
  public FeedFollower(WorkflowClient client, Runnable relist, Consumer<EntityChange> consumer) {
    this(client, at -> relist.run(), (at, change) -> consumer.accept(change));
  }

  /**
   * A follower that tells where in the feed each change is ({@link FeedPosition}, the
   * resourceVersion Kubernetes clients see); {@link #start} starts it.
   *
   * @param relist reads the whole state again; every change up to the position given is in it
   * @param consumer takes each change with its position, in the feed's order
   */
  public FeedFollower(
      WorkflowClient client,
      Consumer<FeedPosition> relist,
      BiConsumer<FeedPosition, EntityChange> consumer) {
    this.client = client;
    this.relist = relist;
    this.consumer = consumer;
    this.thread = new Thread(this::follow, "feed-follower");
    this.thread.setDaemon(true);
  }

  /** Lists once and starts following. */
  public FeedFollower start() {
    thread.start();
    return this;
  }

  private void follow() {
    while (!closed) {
      try {
        // Where the feed stands is read before the list, so that no change falls between them.
        Optional<DescribeWorkflowExecutionResponse> feed = current();
        if (feed.isEmpty()) {
          // Before the feed's first change: its first run starts at this position.
          relist.accept(new FeedPosition(ChangeFeed.FIRST_RUN, 0));
          listed();
          // No entity has published yet; look again, and read the first run from its start.
          while (!closed && (feed = current()).isEmpty()) {
            Thread.sleep(PAUSE.toMillis());
          }
          if (closed) {
            return;
          }
          WorkflowExecution first = feed.get().getWorkflowExecutionInfo().getExecution();
          followRuns(first, FeedRuns.runNumber(client, first), 0);
        } else {
          WorkflowExecution execution = feed.get().getWorkflowExecutionInfo().getExecution();
          long run = FeedRuns.runNumber(client, execution);
          long length = feed.get().getWorkflowExecutionInfo().getHistoryLength();
          relist.accept(FeedPosition.endOf(run, length));
          listed();
          followRuns(execution, run, length);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("following the change feed failed ({}); listing again", e.toString());
        sleep();
      }
    }
  }

  /** Reads run after run, from event {@code after + 1} of the first. */
  private void followRuns(WorkflowExecution first, long firstRun, long after) {
    WorkflowExecution execution = first;
    long run = firstRun;
    long skipThrough = after;
    while (!closed) {
      Optional<String> next = readRun(execution, run, skipThrough);
      if (next.isEmpty()) {
        return;
      }
      execution =
          WorkflowExecution.newBuilder()
              .setWorkflowId(ChangeFeed.WORKFLOW_ID)
              .setRunId(next.get())
              .build();
      run++;
      skipThrough = 0;
    }
  }

  /**
   * Reads one run's history with long polls until it continues as new; returns the next run's ID,
   * or empty when the run ended otherwise (the caller then lists again).
   */
  private Optional<String> readRun(WorkflowExecution execution, long run, long skipThrough) {
    DataConverter converter = client.getOptions().getDataConverter();
    ByteString token = ByteString.EMPTY;
    reached(execution.getRunId(), skipThrough);
    while (!closed) {
      GetWorkflowExecutionHistoryResponse page = nextPage(execution, token);
      if (page == null) {
        return Optional.empty();
      }
      log.debug(
          "feed run {}: {} events after token of {} bytes, next token {} bytes",
          run,
          page.getHistory().getEventsCount(),
          token.size(),
          page.getNextPageToken().size());
      for (HistoryEvent event : page.getHistory().getEventsList()) {
        if (event.getEventId() <= skipThrough) {
          continue;
        }
        if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
          List<EntityChange> changes =
              FeedSignals.changes(event.getWorkflowExecutionSignaledEventAttributes(), converter);
          for (int i = 0; i < changes.size(); i++) {
            consumer.accept(new FeedPosition(run, event.getEventId(), i), changes.get(i));
          }
        } else if (event.getEventType()
            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
          finished(execution.getRunId());
          return Optional.of(
              event.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId());
        }
      }
      int count = page.getHistory().getEventsCount();
      if (count > 0) {
        reached(execution.getRunId(), page.getHistory().getEvents(count - 1).getEventId());
      }
      if (page.getNextPageToken().isEmpty() && count == 0) {
        return Optional.empty();
      }
      if (!page.getNextPageToken().isEmpty()) {
        token = page.getNextPageToken();
      }
    }
    return Optional.empty();
  }

  /**
   * The next page of a run's history after {@code token}, waiting for new events. A refusal that
   * passes (the feed's workflow is busy, the server is unavailable or slow for a moment) is asked
   * again from the same place after a pause, so that the consumer's state stays whole without a
   * list of everything; any other failure ends the follow, and the caller lists again.
   *
   * @return the page, or null when the follower was closed meanwhile
   */
  private GetWorkflowExecutionHistoryResponse nextPage(
      WorkflowExecution execution, ByteString token) {
    int refusals = 0;
    while (!closed) {
      try {
        return client
            .getWorkflowServiceStubs()
            .blockingStub()
            .withDeadlineAfter(LONG_POLL.toMillis(), TimeUnit.MILLISECONDS)
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(execution)
                    .setNextPageToken(token)
                    .setWaitNewEvent(true)
                    .build());
      } catch (StatusRuntimeException e) {
        if (!passing(e.getStatus().getCode())) {
          throw e;
        }
        if (refusals++ % 10 == 0) {
          log.warn(
              "reading the change feed was refused for now ({}); asking again from the same place",
              e.getStatus());
        }
        sleep(RETRY_PAUSE);
      }
    }
    return null;
  }

  /** Whether a refusal passes: asking again from the same place is right. */
  static boolean passing(Status.Code code) {
    return switch (code) {
      case RESOURCE_EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED -> true;
      default -> false;
    };
  }

  /**
   * Waits until this follower has handed its consumer every change the feed held when this was
   * called, so that what the consumer keeps is at least as fresh as anything published before: a
   * change whose publication returned before a notice was sent is in by the time the notice's
   * reader gets true. Costs one describe of the feed's workflow.
   *
   * @param patience how long to wait for the follower to get there
   * @return false when it did not within {@code patience}, has not listed yet, or the feed could
   *     not be asked; the caller then reads elsewhere
   */
  public boolean awaitCaughtUp(Duration patience) {
    Optional<DescribeWorkflowExecutionResponse> feed;
    try {
      feed = current();
    } catch (StatusRuntimeException e) {
      return false;
    }
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (progress) {
      if (feed.isEmpty()) {
        // Nothing was ever published: the first list holds everything.
        return listed;
      }
      String run = feed.get().getWorkflowExecutionInfo().getExecution().getRunId();
      long length = feed.get().getWorkflowExecutionInfo().getHistoryLength();
      while (!(finishedRuns.contains(run) || run.equals(readingRun) && readThrough >= length)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return false;
        }
        try {
          progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void listed() {
    synchronized (progress) {
      listed = true;
    }
  }

  /** Records that every event of the run up to {@code eventId} was handed to the consumer. */
  private void reached(String run, long eventId) {
    synchronized (progress) {
      readingRun = run;
      readThrough = eventId;
      progress.notifyAll();
    }
  }

  private void finished(String run) {
    synchronized (progress) {
      finishedRuns.addLast(run);
      if (finishedRuns.size() > KEPT_RUNS) {
        finishedRuns.removeFirst();
      }
      progress.notifyAll();
    }
  }

  private Optional<DescribeWorkflowExecutionResponse> current() {
    try {
      return Optional.of(
          describe(WorkflowExecution.newBuilder().setWorkflowId(ChangeFeed.WORKFLOW_ID).build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private DescribeWorkflowExecutionResponse describe(WorkflowExecution execution) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(execution)
                .build());
  }

  private void sleep() {
    sleep(PAUSE);
  }

  private void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
