package io.fleetflow.gateway.entity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementDecision;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.InvalidObjectException;
import io.fleetflow.workflows.entity.EntityFailures;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.entity.EntityWorkflowOptions;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;

/**
 * The one generic mapping from REST verbs to entity workflows: get is the {@code get} Query, list
 * is a visibility query plus {@code get} on each match, and create, replace and delete are the
 * {@code create}, {@code apply} and {@code delete} Updates of {@link EntityOperations}. Every
 * object is validated here first, so invalid input never reaches a workflow.
 */
@Service
public class EntityService {
  private final WorkflowClient client;
  private final ObjectMapper json;
  private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

  public EntityService(WorkflowClient client, ObjectMapper json) {
    this.client = client;
    this.json = json;
  }

  /** Returns the named object, or throws a 404. */
  public <T extends HasMetadata> T get(ResourceKind<T> kind, String namespace, String name) {
    T object =
        kind.equals(Kinds.PLACEMENT_DECISION)
            ? kind.type().cast(placementDecision(namespace, name))
            : find(kind, namespace, name);
    if (object == null) {
      throw ApiException.notFound(kind.group(), kind.plural(), name);
    }
    return object;
  }

  /** Returns every object of the kind, in one namespace or (namespace null) in all. */
  public <T extends HasMetadata> List<T> list(ResourceKind<T> kind, String namespace) {
    if (kind.equals(Kinds.PLACEMENT_DECISION)) {
      return placementDecisions(namespace).stream().map(kind.type()::cast).toList();
    }
    return readAll(kind, namespace, id -> query(kind, id));
  }

  /**
   * PlacementDecisions are derived, not stored: each placement's workflow answers its own with the
   * {@code placementDecisions} query, so the decisions never disagree with the placement.
   */
  private List<PlacementDecision> placementDecisions(String namespace) {
    return readAll(Kinds.PLACEMENT, namespace, this::decisionsOf).stream()
        .flatMap(List::stream)
        .sorted(
            Comparator.comparing((PlacementDecision d) -> d.getMetadata().getNamespace())
                .thenComparing(d -> d.getMetadata().getLabels().get(Placement.PLACEMENT_LABEL))
                .thenComparingInt(EntityService::decisionNumber))
        .toList();
  }

  /** Finds a PlacementDecision by its name, {@code <placement>-decision-<n>}. */
  private PlacementDecision placementDecision(String namespace, String name) {
    int at = name.lastIndexOf("-decision-");
    if (at <= 0) {
      return null;
    }
    List<PlacementDecision> decisions =
        decisionsOf(Kinds.PLACEMENT.workflowId(namespace, name.substring(0, at)));
    return decisions == null
        ? null
        : decisions.stream()
            .filter(d -> d.getMetadata().getName().equals(name))
            .findFirst()
            .orElse(null);
  }

  private List<PlacementDecision> decisionsOf(String placementWorkflowId) {
    try {
      return List.of(
          client
              .newUntypedWorkflowStub(placementWorkflowId)
              .query("placementDecisions", PlacementDecision[].class));
    } catch (WorkflowNotFoundException | WorkflowQueryRejectedException e) {
      return null;
    }
  }

  private static int decisionNumber(PlacementDecision decision) {
    String name = decision.getMetadata().getName();
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }

  /** Reads every running object of a kind in parallel, sorted by namespace and name. */
  private <T extends HasMetadata, R> List<R> readAll(
      ResourceKind<T> kind, String namespace, java.util.function.Function<String, R> read) {
    StringBuilder query =
        new StringBuilder()
            .append(FleetflowSearchAttributes.KIND.getName())
            .append(" = '")
            .append(kind.kind())
            .append("' AND ExecutionStatus = 'Running'");
    if (namespace != null && kind.namespaced()) {
      query
          .append(" AND ")
          .append(FleetflowSearchAttributes.NAMESPACE.getName())
          .append(" = '")
          .append(namespace.replace("'", ""))
          .append("'");
    }
    List<String> ids = new ArrayList<>();
    client
        .listExecutions(query.toString())
        .map(WorkflowExecutionMetadata::getExecution)
        .forEach(execution -> ids.add(execution.getWorkflowId()));
    // Workflow IDs are Kind/namespace/name, so their order is the order kubectl lists in.
    ids.sort(Comparator.naturalOrder());
    List<CompletableFuture<R>> reads = new ArrayList<>();
    for (String id : ids) {
      reads.add(CompletableFuture.supplyAsync(() -> read.apply(id), readers));
    }
    return reads.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
  }

  /** Returns the events the hub recorded on a cluster. */
  public io.fleetflow.workflows.cluster.ClusterEvent[] queryEvents(String clusterName) {
    return client
        .newUntypedWorkflowStub(Kinds.MANAGED_CLUSTER.workflowId(null, clusterName))
        .query("events", io.fleetflow.workflows.cluster.ClusterEvent[].class);
  }

  /** Creates an object; the workflow is started if needed (update-with-start). */
  public <T extends HasMetadata> T create(ResourceKind<T> kind, T object, Actor actor) {
    validate(kind, kind.validator().validateCreate(object), object);
    String namespace = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            EntityWorkflowOptions.workflowType(kind),
            EntityWorkflowOptions.forObject(kind, namespace, name));
    return call(
        kind,
        name,
        () ->
            stub.executeUpdateWithStart(
                UpdateOptions.newBuilder(kind.type())
                    .setUpdateName(EntityOperations.CREATE)
                    .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                    .build(),
                new Object[] {object, actor},
                new Object[] {null}));
  }

  /** Replaces an object's labels, annotations and spec with those of {@code proposed}. */
  public <T extends HasMetadata> T replace(
      ResourceKind<T> kind, T current, T proposed, Actor actor) {
    validate(kind, kind.validator().validateUpdate(current, proposed), proposed);
    String id =
        kind.workflowId(proposed.getMetadata().getNamespace(), proposed.getMetadata().getName());
    return call(
        kind,
        proposed.getMetadata().getName(),
        () ->
            client
                .newUntypedWorkflowStub(id)
                .update(EntityOperations.APPLY, kind.type(), proposed, actor));
  }

  /** Starts deleting an object and returns it as it is now, with its deletion timestamp. */
  public <T extends HasMetadata> T delete(
      ResourceKind<T> kind, String namespace, String name, Actor actor) {
    get(kind, namespace, name);
    return call(
        kind,
        name,
        () ->
            client
                .newUntypedWorkflowStub(kind.workflowId(namespace, name))
                .update(EntityOperations.DELETE, kind.type(), actor));
  }

  private <T extends HasMetadata> T find(ResourceKind<T> kind, String namespace, String name) {
    return query(kind, kind.workflowId(namespace, name));
  }

  private <T extends HasMetadata> T query(ResourceKind<T> kind, String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).query(EntityOperations.GET, kind.type());
    } catch (WorkflowNotFoundException | WorkflowQueryRejectedException e) {
      return null;
    }
  }

  private static <T extends HasMetadata> void validate(
      ResourceKind<T> kind, List<FieldError> errors, T object) {
    if (!errors.isEmpty()) {
      String name = object.getMetadata() == null ? "" : object.getMetadata().getName();
      throw invalid(kind, name, errors);
    }
  }

  private static ApiException invalid(ResourceKind<?> kind, String name, List<FieldError> errors) {
    return new ApiException(
        422,
        "Invalid",
        new InvalidObjectException(kind.kind(), name, errors).getMessage(),
        new ApiException.StatusDetails(name, kind.group(), kind.kind()),
        errors);
  }

  private static <R> R call(
      ResourceKind<?> kind, String name, java.util.function.Supplier<R> call) {
    try {
      return call.get();
    } catch (WorkflowUpdateException e) {
      throw EntityFailures.find(e).map(f -> fromFailure(kind, name, f)).orElseThrow(() -> e);
    } catch (WorkflowNotFoundException e) {
      throw ApiException.notFound(kind.group(), kind.plural(), name);
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof io.grpc.StatusRuntimeException grpc
          && grpc.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        throw ApiException.notFound(kind.group(), kind.plural(), name);
      }
      throw e;
    }
  }

  private static ApiException fromFailure(
      ResourceKind<?> kind, String name, ApplicationFailure failure) {
    String message = EntityFailures.messageOf(failure);
    var details = new ApiException.StatusDetails(name, kind.group(), kind.plural());
    return switch (failure.getType()) {
      case EntityFailures.INVALID -> new ApiException(422, "Invalid", message, details, null);
      case EntityFailures.ALREADY_EXISTS ->
          new ApiException(409, "AlreadyExists", message, details, null);
      case EntityFailures.CONFLICT -> new ApiException(409, "Conflict", message, details, null);
      case EntityFailures.NOT_FOUND -> ApiException.notFound(kind.group(), kind.plural(), name);
      case EntityFailures.FORBIDDEN -> new ApiException(403, "Forbidden", message, details, null);
      default -> new ApiException(500, "InternalError", message, details, null);
    };
  }
}
