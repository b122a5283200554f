package io.fleetflow.activities.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A thousand clusters changing at once tell placements in a few rounds, not a thousand; and no
 * caller is answered by a round that started before it asked.
 */
class SharedRoundsTest {

  @Test
  void aLoneCallerGetsARoundOfItsOwnAtOnce() {
    List<List<String>> rounds = Collections.synchronizedList(new ArrayList<>());
    SharedRounds<String, Integer> shared =
        new SharedRounds<>(
            inputs -> {
              rounds.add(List.copyOf(inputs));
              return inputs.size();
            });

    assertThat(shared.request("cluster1 joined")).isEqualTo(1);
    assertThat(shared.request("cluster2 joined")).isEqualTo(1);
    assertThat(rounds).containsExactly(List.of("cluster1 joined"), List.of("cluster2 joined"));
  }

  @Test
  void callersArrivingWhileARoundRunsShareTheNextOne() throws Exception {
    CountDownLatch firstRoundStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstRound = new CountDownLatch(1);
    List<List<Integer>> rounds = Collections.synchronizedList(new ArrayList<>());
    SharedRounds<Integer, Integer> shared =
        new SharedRounds<>(
            inputs -> {
              rounds.add(List.copyOf(inputs));
              if (rounds.size() == 1) {
                firstRoundStarted.countDown();
                await(releaseFirstRound);
              }
              return rounds.size();
            });
    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Future<Integer> first = callers.submit(() -> shared.request(0));
      firstRoundStarted.await(10, TimeUnit.SECONDS);
      List<Future<Integer>> burst = new ArrayList<>();
      for (int i = 1; i <= 999; i++) {
        int change = i;
        burst.add(callers.submit(() -> shared.request(change)));
      }
      // Every caller of the burst has queued its input before the first round ends.
      while (shared.waiting() < 999) {
        Thread.sleep(5);
      }
      releaseFirstRound.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      for (Future<Integer> f : burst) {
        // None is answered by the round that was running when it asked.
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      }
      assertThat(rounds).hasSize(2);
      assertThat(rounds.get(1)).hasSize(999);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aCallerReturnsAfterItsOwnRoundWhileLaterRoundsStillRun() throws Exception {
    CountDownLatch secondRoundStarted = new CountDownLatch(1);
    CountDownLatch releaseSecondRound = new CountDownLatch(1);
    CountDownLatch firstRoundStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstRound = new CountDownLatch(1);
    int[] rounds = {0};
    SharedRounds<String, Integer> shared =
        new SharedRounds<>(
            inputs -> {
              int round = ++rounds[0];
              if (round == 1) {
                firstRoundStarted.countDown();
                await(releaseFirstRound);
              } else {
                secondRoundStarted.countDown();
                await(releaseSecondRound);
              }
              return round;
            });
    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Future<Integer> first = callers.submit(() -> shared.request("cluster1 joined"));
      firstRoundStarted.await(10, TimeUnit.SECONDS);
      Future<Integer> second = callers.submit(() -> shared.request("cluster2 joined"));
      while (shared.waiting() < 1) {
        Thread.sleep(5);
      }
      releaseFirstRound.countDown();
      secondRoundStarted.await(10, TimeUnit.SECONDS);

      // The second round is still running; the first caller, an activity holding a task slot, is
      // not the one running it.
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(second.isDone()).isFalse();
      releaseSecondRound.countDown();
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aFailedRoundFailsItsCallersAndTheNextCallerGetsANewRound() {
    int[] calls = {0};
    SharedRounds<String, String> shared =
        new SharedRounds<>(
            inputs -> {
              if (calls[0]++ == 0) {
                throw new IllegalStateException("Temporal unavailable");
              }
              return "told";
            });

    assertThatThrownBy(() -> shared.request("cluster1 joined"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Temporal unavailable");
    assertThat(shared.request("cluster1 joined")).isEqualTo("told");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
