package io.fleetflow.activities.rounds;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Lets callers that ask for the same work at about the same time share one round of it. A caller
 * waits for a round that starts after it arrived, so what it asked for is done at least once after
 * its call; callers that arrive while a round runs are all served by the next one. An idle hub runs
 * a caller's round at once; a burst (a thousand clusters changing within seconds) costs a round per
 * round's duration instead of one per caller.
 *
 * @param <T> what each caller brings to the round
 * @param <R> what a round returns to all its callers
 */
public final class SharedRounds<T, R> {
  private final Function<List<T>, R> round;
  private final Object lock = new Object();
  private List<T> inputs = new ArrayList<>();
  private CompletableFuture<R> next = new CompletableFuture<>();
  private boolean running;
  private final Executor runner = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

  /**
   * @param round the work, given every input of the callers it serves; it must tolerate being run
   *     again for the same inputs (a failed round fails its callers, who may ask again)
   */
  public SharedRounds(Function<List<T>, R> round) {
    this.round = round;
  }

  /**
   * Waits for a round that starts after this call and includes this input, and returns its result.
   *
   * @throws RuntimeException what the round threw
   */
  public R request(T input) {
    CompletableFuture<R> mine;
    boolean start;
    synchronized (lock) {
      inputs.add(input);
      mine = next;
      start = !running;
      running = true;
    }
    if (start) {
      // The rounds run on a thread of their own: a caller's thread (an activity's, holding a task
      // slot) waits for its own round only, however long a stream of callers keeps rounds going.
      runner.execute(this::runRounds);
    }
    try {
      return mine.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** How many callers wait for the next round. */
  public int waiting() {
    synchronized (lock) {
      return inputs.size();
    }
  }

  /** Runs rounds until no caller waits. */
  private void runRounds() {
    while (true) {
      List<T> batch;
      CompletableFuture<R> served;
      synchronized (lock) {
        if (inputs.isEmpty()) {
          running = false;
          return;
        }
        batch = inputs;
        served = next;
        inputs = new ArrayList<>();
        next = new CompletableFuture<>();
      }
      try {
        served.complete(round.apply(batch));
      } catch (RuntimeException | Error e) {
        served.completeExceptionally(e);
      }
    }
  }
}
