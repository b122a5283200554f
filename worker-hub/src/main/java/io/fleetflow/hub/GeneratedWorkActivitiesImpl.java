package io.fleetflow.hub;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fleetflow.activities.hub.GeneratedWorkActivities;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.EntityRef;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** Talks to the ManifestWork workflows on behalf of ManifestWorkReplicaSet workflows. */
@Component("generatedWorkActivities")
public class GeneratedWorkActivitiesImpl implements GeneratedWorkActivities {
  /**
   * How many works this hub writes at once, over all its batches: as many as the hub worker's
   * activity slots (Temporal's default, 200), which bounded them when each work had an activity.
   */
  static final int WRITERS = 200;

  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

  private final EntityClient entities;
  private final Semaphore writers = new Semaphore(WRITERS);

  /** Generated works run below the priority of what people and agents start. */
  public GeneratedWorkActivitiesImpl(EntityClient entities) {
    this.entities = entities.withPriority(EntityWorkflowOptions.GENERATED);
  }

  @Override
  public AppliedWork apply(GeneratedWork generated) {
    EntityRef<ManifestWork> work = work(generated.cluster(), generated.name());
    ManifestWork desired = toWork(generated);
    try {
      if (generated.firstApply()) {
        // A query of a workflow that does not exist yet would only say so: the create alone
        // costs one call, and the read follows only when the work turns out to exist.
        try {
          return result(entities.create(WorkKinds.MANIFEST_WORK, desired, generated.actor()), true);
        } catch (EntityException.AlreadyExists e) {
          // It exists after all (a rollback to nothing left it being deleted, or a retry of this
          // call created it): read it and go the way of a work that may exist.
        }
      }
      ManifestWork current = work.find().orElse(null);
      if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
        return result(entities.create(WorkKinds.MANIFEST_WORK, desired, generated.actor()), true);
      }
      String carried =
          current.getMetadata().getAnnotations() == null
              ? null
              : current
                  .getMetadata()
                  .getAnnotations()
                  .get(ManifestWorkReplicaSet.REVISION_ANNOTATION);
      if (Objects.equals(carried, Long.toString(generated.revision()))) {
        return result(current, false);
      }
      return result(work.apply(desired, generated.actor()), true);
    } catch (EntityException.Unavailable e) {
      throw e;
    } catch (EntityException e) {
      // An earlier copy that is still being deleted refuses both create and apply; the retry
      // policy tries again until its deletion finished.
      throw ApplicationFailure.newFailureWithCause(
          "ManifestWork " + generated.cluster() + "/" + generated.name() + ": " + e.getMessage(),
          "GeneratedWorkRefused",
          e);
    }
  }

  @Override
  public List<GeneratedWorkResult> applyAll(List<GeneratedWork> works) {
    var context = Activity.getExecutionContext();
    AtomicInteger done = new AtomicInteger();
    List<Future<GeneratedWorkResult>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (GeneratedWork work : works) {
        results.add(
            threads.submit(
                () -> {
                  writers.acquire();
                  try {
                    return applyRetryingRefusals(work);
                  } finally {
                    writers.release();
                    done.incrementAndGet();
                  }
                }));
      }
      List<GeneratedWorkResult> answered = new ArrayList<>();
      for (Future<GeneratedWorkResult> result : results) {
        // A work tried again for a while must not let the heartbeat lapse.
        while (!result.isDone()) {
          try {
            result.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            context.heartbeat(done.get());
          }
        }
        answered.add(result.get());
        context.heartbeat(done.get());
      }
      return answered;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } catch (ExecutionException e) {
      // Temporal could not be reached: the retry leaves the works already carrying their revision.
      throw Activity.wrap(e.getCause());
    }
  }

  /** Applies one work, trying a refused one again until {@link #REFUSED_RETRY_SECONDS} passed. */
  private GeneratedWorkResult applyRetryingRefusals(GeneratedWork work)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(REFUSED_RETRY_SECONDS).toNanos();
    Duration wait = FIRST_RETRY;
    while (true) {
      try {
        return new GeneratedWorkResult(work.cluster(), apply(work), null);
      } catch (ApplicationFailure refused) {
        if (never(refused.getCause()) || System.nanoTime() + wait.toNanos() > deadline) {
          return new GeneratedWorkResult(work.cluster(), null, refused.getOriginalMessage());
        }
        Thread.sleep(wait);
        wait = Collections.min(List.of(wait.multipliedBy(2), LONGEST_RETRY));
      }
    }
  }

  /** Whether the work will be refused whatever the time: it is invalid, too large or forbidden. */
  private static boolean never(Throwable refusal) {
    return refusal instanceof EntityException.Invalid
        || refusal instanceof EntityException.TooLarge
        || refusal instanceof EntityException.Forbidden;
  }

  @Override
  public boolean delete(String cluster, String name, Actor actor) {
    EntityRef<ManifestWork> work = work(cluster, name);
    if (!work.exists()) {
      return false;
    }
    try {
      work.delete(actor);
      return true;
    } catch (EntityException.NotFound e) {
      return false;
    }
  }

  @Override
  public boolean gone(String cluster, String name) {
    return !work(cluster, name).exists();
  }

  private EntityRef<ManifestWork> work(String cluster, String name) {
    return entities.entity(WorkKinds.MANIFEST_WORK, cluster, name);
  }

  private static ManifestWork toWork(GeneratedWork generated) {
    ManifestWork work = new ManifestWork();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(generated.cluster());
    meta.setName(generated.name());
    meta.setLabels(new HashMap<>(generated.labels()));
    Map<String, String> annotations = new HashMap<>(generated.annotations());
    annotations.put(
        ManifestWorkReplicaSet.REVISION_ANNOTATION, Long.toString(generated.revision()));
    meta.setAnnotations(annotations);
    work.setMetadata(meta);
    work.setSpec(generated.spec());
    return work;
  }

  private static AppliedWork result(ManifestWork work, boolean changed) {
    return new AppliedWork(
        work.getMetadata().getGeneration(),
        work.getStatus() == null ? List.of() : work.getStatus().getConditions(),
        changed);
  }
}
