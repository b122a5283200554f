package io.fleetflow.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.rollout.RolloutKinds;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.model.work.WorkKinds;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.fleetflow.workflows.rollout.ManifestWorkReplicaSetWorkflow;
import io.temporal.api.enums.v1.QueryRejectCondition;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the entity contract ({@link EntityOperations}): everything outside the hub's
 * workflows (the gateway, the hub's activities, the agent) reads, lists, writes and signals entity
 * workflows through this class, so that starting an object, listing a kind, telling a closed
 * workflow from a live one and reading Temporal's failures are each written once.
 *
 * <p>Every failure is either an {@link EntityException} (not found, already exists, conflict,
 * invalid, forbidden, Temporal unavailable) or, for what is none of these, Temporal's own exception
 * unchanged.
 *
 * <p>The {@link WorkflowClient} must refuse queries on closed workflows ({@link
 * #configure(WorkflowClientOptions.Builder)}): a closed entity workflow is a deleted object, and
 * its last state must not be read as if it still existed.
 */
public final class EntityClient {
  private static final Logger log = LoggerFactory.getLogger(EntityClient.class);

  private final WorkflowClient client;
  private final Vouching vouching;
  private final ExecutorService readers;
  private final Priority priority;

  /** A client that sends actors as they are, which workflows that check vouchers refuse. */
  public EntityClient(WorkflowClient client) {
    this(client, null);
  }

  /** A client that vouches for every actor it sends (see {@link Vouching}). */
  public EntityClient(WorkflowClient client, Vouching vouching) {
    this(client, vouching, Executors.newVirtualThreadPerTaskExecutor(), null);
  }

  private EntityClient(
      WorkflowClient client, Vouching vouching, ExecutorService readers, Priority priority) {
    this.client = client;
    this.vouching = vouching;
    this.readers = readers;
    this.priority = priority;
  }

  /**
   * The same client, except that the workflows it starts run at this priority: their tasks, and the
   * activities they schedule on agents, wait behind those of higher priority on a busy queue (see
   * {@link EntityWorkflowOptions#GENERATED}).
   */
  public EntityClient withPriority(Priority priority) {
    return new EntityClient(client, vouching, readers, priority);
  }

  /** Sets what the entity client needs of Temporal's client options; returns the builder. */
  public static WorkflowClientOptions.Builder configure(WorkflowClientOptions.Builder builder) {
    return builder.setQueryRejectCondition(QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN);
  }

  /** The object of this kind with this key, whether it exists or not. */
  public <T extends HasMetadata> EntityRef<T> entity(
      ResourceKind<T> kind, String namespace, String name) {
    return new EntityRef<>(client, vouching, kind, kind.workflowId(namespace, name));
  }

  /** The object whose workflow has this ID, as a visibility listing returns it. */
  public <T extends HasMetadata> EntityRef<T> entity(ResourceKind<T> kind, String workflowId) {
    return new EntityRef<>(client, vouching, kind, workflowId);
  }

  /**
   * Creates an object ({@link EntityOperations#CREATE}), starting its workflow if none runs
   * (update-with-start), and returns it as stored.
   *
   * @throws EntityException.AlreadyExists when the object exists
   */
  public <T extends HasMetadata> T create(ResourceKind<T> kind, T object, Actor actor) {
    return updateWithStart(
        kind,
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        EntityOperations.CREATE,
        kind.type(),
        object,
        actor);
  }

  /**
   * Sends an Update to an object's workflow, starting the workflow first if it does not run (with
   * the options every entity workflow starts with: its key as ID, its kind, name and namespace as
   * search attributes, and a running one joined rather than refused), and waits for its result. An
   * agent's {@code join} is such an Update, as is {@code create}.
   */
  public <R> R updateWithStart(
      ResourceKind<? extends HasMetadata> kind,
      String namespace,
      String name,
      String update,
      Class<R> result,
      Object... arguments) {
    var options = EntityWorkflowOptions.forObject(kind, namespace, name, priority);
    var stub = client.newUntypedWorkflowStub(EntityWorkflowOptions.workflowType(kind), options);
    Object[] sent =
        vouching == null ? arguments : vouching.vouch(options.getWorkflowId(), arguments);
    return TemporalFailures.call(
        kind,
        name,
        () ->
            stub.executeUpdateWithStart(
                UpdateOptions.newBuilder(result)
                    .setUpdateName(update)
                    .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                    .build(),
                sent,
                // Every entity workflow takes its state as its one argument; a new one has none.
                new Object[] {null}));
  }

  /**
   * Returns every object of a kind, in one namespace or (namespace null) in all, deleting ones
   * included, sorted by namespace and name as kubectl lists them.
   */
  public <T extends HasMetadata> List<T> list(ResourceKind<T> kind, String namespace) {
    return queryAll(
        kind, Visibility.of(kind).inNamespace(namespace), EntityOperations.GET, kind.type());
  }

  /**
   * Returns every object of a kind that answers within {@code patience}, for a reader that must not
   * fail because one object is slow or stuck (a watch cache's list); the objects that did not
   * answer are named in {@code unanswered}.
   */
  public <T extends HasMetadata> List<T> listAnswering(
      ResourceKind<T> kind, Duration patience, List<String> unanswered) {
    List<T> listed = readAnswering(kind, ids(Visibility.of(kind)), patience, unanswered);
    if (!kind.equals(WorkKinds.MANIFEST_WORK)) {
      return listed;
    }
    List<T> withHeld = new ArrayList<>(listed);
    heldWorks(null).forEach(work -> withHeld.add(kind.type().cast(work)));
    return withHeld;
  }

  /**
   * The ManifestWorks that replica sets hold themselves ({@link
   * ManifestWorkReplicaSetWorkflow#heldWorks}), which no ManifestWork workflow of their own lists.
   * A replica set that does not answer leaves its works out of this list: a relist that missed them
   * still receives their next change from the feed.
   *
   * @param namespace the cluster whose works to return, or null for every cluster's
   */
  public List<ManifestWork> heldWorks(String namespace) {
    List<CompletableFuture<ManifestWork[]>> reads = new ArrayList<>();
    for (String id : ids(Visibility.of(RolloutKinds.MANIFEST_WORK_REPLICA_SET))) {
      reads.add(
          CompletableFuture.supplyAsync(
              () ->
                  answer(
                      RolloutKinds.MANIFEST_WORK_REPLICA_SET,
                      id,
                      ManifestWorkReplicaSetWorkflow.HELD_WORKS,
                      ManifestWork[].class),
              readers));
    }
    List<ManifestWork> works = new ArrayList<>();
    for (CompletableFuture<ManifestWork[]> read : reads) {
      try {
        ManifestWork[] held = join(read);
        if (held != null) {
          for (ManifestWork work : held) {
            if (namespace == null || namespace.equals(work.getMetadata().getNamespace())) {
              works.add(work);
            }
          }
        }
      } catch (RuntimeException unanswered) {
        log.warn("a replica set did not list the works it holds: {}", unanswered.toString());
      }
    }
    return works;
  }

  /**
   * Reads the objects of the given workflows that answer within {@code patience}, in the order of
   * the IDs; the workflows that did not answer are named in {@code unanswered}, those that ended
   * meanwhile are left out.
   */
  public <T extends HasMetadata> List<T> readAnswering(
      ResourceKind<T> kind, List<String> workflowIds, Duration patience, List<String> unanswered) {
    Map<String, CompletableFuture<T>> reads = new LinkedHashMap<>();
    for (String id : workflowIds) {
      reads.put(
          id,
          CompletableFuture.supplyAsync(
              () -> answer(kind, id, EntityOperations.GET, kind.type()), readers));
    }
    long deadline = System.nanoTime() + patience.toNanos();
    List<T> answered = new ArrayList<>();
    for (Map.Entry<String, CompletableFuture<T>> read : reads.entrySet()) {
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        T object = read.getValue().get(left, TimeUnit.NANOSECONDS);
        if (object != null) {
          answered.add(object);
        }
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        read.getValue().cancel(true);
        unanswered.add(read.getKey());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unanswered.add(read.getKey());
        return answered;
      }
    }
    return answered;
  }

  /**
   * Asks one Query of every workflow the visibility query finds, in parallel, and returns the
   * answers in the order of the workflow IDs; workflows that ended meanwhile, or answer null, are
   * left out.
   */
  public <R> List<R> queryAll(
      ResourceKind<? extends HasMetadata> kind,
      Visibility visibility,
      String query,
      Class<R> type) {
    List<CompletableFuture<R>> reads = new ArrayList<>();
    for (String id : ids(visibility)) {
      reads.add(CompletableFuture.supplyAsync(() -> answer(kind, id, query, type), readers));
    }
    return reads.stream().map(EntityClient::join).filter(Objects::nonNull).toList();
  }

  /**
   * The IDs of the workflows a visibility query finds, sorted; IDs are {@code Kind/namespace/name},
   * so their order is kubectl's. Visibility may lag the workflows by a moment.
   */
  public List<String> ids(Visibility visibility) {
    List<String> ids =
        new ArrayList<>(
            executions(visibility).stream().map(e -> e.getExecution().getWorkflowId()).toList());
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  /**
   * The executions a visibility query finds, with their search attributes and memo, for readers
   * that need no query of each workflow (cluster labels, a cluster's placement facts).
   */
  public List<WorkflowExecutionMetadata> executions(Visibility visibility) {
    return TemporalFailures.list(
        visibility.query(), () -> client.listExecutions(visibility.query()).toList());
  }

  /** How many workflows a visibility query finds. */
  public long count(Visibility visibility) {
    return TemporalFailures.call(
        null, visibility.query(), () -> client.countWorkflows(visibility.query()).getCount());
  }

  /**
   * Sends one Signal to every workflow a visibility query finds, in parallel; a workflow that ended
   * since the listing is skipped.
   *
   * @return how many workflows got the signal
   */
  public int signalAll(
      ResourceKind<? extends HasMetadata> kind,
      Visibility visibility,
      String signal,
      Object... arguments) {
    List<CompletableFuture<Boolean>> signals = new ArrayList<>();
    for (String id : ids(visibility)) {
      signals.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  entity(kind, id).signal(signal, arguments);
                  return true;
                } catch (EntityException.NotFound e) {
                  return false;
                }
              },
              readers));
    }
    return (int)
        signals.stream().map(CompletableFuture::join).filter(Boolean::booleanValue).count();
  }

  /** Waits for a parallel call and rethrows its own failure, not the future's wrapper. */
  private static <R> R join(CompletableFuture<R> call) {
    try {
      return call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  private <R> R answer(
      ResourceKind<? extends HasMetadata> kind, String workflowId, String query, Class<R> type) {
    try {
      return entity(kind, workflowId).query(query, type);
    } catch (EntityException.NotFound e) {
      return null;
    }
  }
}
