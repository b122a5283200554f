package io.fleetflow.gateway.entity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.Visibility;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Kinds;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.placement.Placement;
import io.fleetflow.model.placement.PlacementDecision;
import io.fleetflow.model.rollout.ManifestWorkReplicaSet;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.InvalidObjectException;
import io.fleetflow.workflows.cluster.ClusterEvent;
import io.fleetflow.workflows.cluster.ManagedClusterWorkflow;
import io.fleetflow.workflows.entity.EntityOperations;
import io.fleetflow.workflows.placement.PlacementWorkflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The one generic mapping from REST verbs to entity workflows, through the {@link EntityClient}:
 * get is the {@code get} Query, list is a visibility query plus {@code get} on each match, and
 * create, replace and delete are the {@code create}, {@code apply} and {@code delete} Updates of
 * {@link EntityOperations}. Every object is validated here first, so invalid input never reaches a
 * workflow. Refusals arrive as {@link EntityException}s, which {@link EntityStatuses} turns into
 * Kubernetes Statuses.
 */
@Service
public class EntityService {
  private final EntityClient entities;

  public EntityService(EntityClient entities) {
    this.entities = entities;
  }

  /** Returns the named object, or throws a 404. */
  public <T extends HasMetadata> T get(ResourceKind<T> kind, String namespace, String name) {
    T object =
        kind.equals(Kinds.PLACEMENT_DECISION)
            ? kind.type().cast(placementDecision(namespace, name))
            : entities.entity(kind, namespace, name).find().orElse(null);
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
    return entities.list(kind, namespace);
  }

  /**
   * PlacementDecisions are derived, not stored: each placement's workflow answers its own with the
   * {@code placementDecisions} query, so the decisions never disagree with the placement.
   */
  private List<PlacementDecision> placementDecisions(String namespace) {
    return entities
        .queryAll(
            Kinds.PLACEMENT,
            Visibility.of(Kinds.PLACEMENT).inNamespace(namespace),
            PlacementWorkflow.PLACEMENT_DECISIONS,
            PlacementDecision[].class)
        .stream()
        .flatMap(java.util.Arrays::stream)
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
    try {
      PlacementDecision[] decisions =
          entities
              .entity(Kinds.PLACEMENT, namespace, name.substring(0, at))
              .query(PlacementWorkflow.PLACEMENT_DECISIONS, PlacementDecision[].class);
      return decisions == null
          ? null
          : List.of(decisions).stream()
              .filter(d -> d.getMetadata().getName().equals(name))
              .findFirst()
              .orElse(null);
    } catch (EntityException.NotFound e) {
      return null;
    }
  }

  private static int decisionNumber(PlacementDecision decision) {
    String name = decision.getMetadata().getName();
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }

  /** Returns the events the hub recorded on a cluster. */
  public ClusterEvent[] queryEvents(String clusterName) {
    return entities
        .entity(Kinds.MANAGED_CLUSTER, null, clusterName)
        .query(ManagedClusterWorkflow.EVENTS, ClusterEvent[].class);
  }

  /** Creates an object; the workflow is started if needed (update-with-start). */
  public <T extends HasMetadata> T create(ResourceKind<T> kind, T object, Actor actor) {
    validate(kind, kind.validator().validateCreate(object), object);
    validate(kind, references(kind, object), object);
    return entities.create(kind, object, actor);
  }

  /** Replaces an object's labels, annotations and spec with those of {@code proposed}. */
  public <T extends HasMetadata> T replace(
      ResourceKind<T> kind, T current, T proposed, Actor actor) {
    validate(kind, kind.validator().validateUpdate(current, proposed), proposed);
    validate(kind, references(kind, proposed), proposed);
    return entities
        .entity(kind, proposed.getMetadata().getNamespace(), proposed.getMetadata().getName())
        .apply(proposed, actor);
  }

  /** Starts deleting an object and returns it as it is now, with its deletion timestamp. */
  public <T extends HasMetadata> T delete(
      ResourceKind<T> kind, String namespace, String name, Actor actor) {
    return command(kind, namespace, name, EntityOperations.DELETE, actor);
  }

  /**
   * Sends one of an object's updates (delete, or one beyond the entity contract such as a rollout's
   * {@code approve}) with its arguments.
   */
  public <T extends HasMetadata> T command(
      ResourceKind<T> kind, String namespace, String name, String update, Object... arguments) {
    get(kind, namespace, name);
    return entities.entity(kind, namespace, name).update(update, kind.type(), arguments);
  }

  /** Answers one of an object's own queries beyond {@code get}, such as a rollout's history. */
  public <R> R read(
      ResourceKind<?> kind, String namespace, String name, String query, Class<R> type) {
    return entities.entity(kind, namespace, name).query(query, type);
  }

  /**
   * Checks that the objects another one names exist: a ManifestWorkReplicaSet's placements must be
   * there, or it would wait for decisions that never come.
   */
  private List<FieldError> references(ResourceKind<?> kind, HasMetadata object) {
    if (kind != Kinds.MANIFEST_WORK_REPLICA_SET) {
      return List.of();
    }
    ManifestWorkReplicaSet set = (ManifestWorkReplicaSet) object;
    String namespace = set.getMetadata().getNamespace();
    List<FieldError> errors = new ArrayList<>();
    var refs = set.getSpec().getPlacementRefs();
    for (int i = 0; i < refs.size(); i++) {
      String placement = refs.get(i).name();
      if (!entities.entity(Kinds.PLACEMENT, namespace, placement).exists()) {
        errors.add(
            new FieldError(
                "spec.placementRefs[" + i + "].name",
                "FieldValueNotFound",
                "Placement \""
                    + placement
                    + "\" does not exist in namespace "
                    + namespace
                    + ": create it first, or name an existing one (kubectl get placements -n "
                    + namespace
                    + ")"));
      }
    }
    return errors;
  }

  private static <T extends HasMetadata> void validate(
      ResourceKind<T> kind, List<FieldError> errors, T object) {
    if (!errors.isEmpty()) {
      String name = object.getMetadata() == null ? "" : object.getMetadata().getName();
      throw new ApiException(
          422,
          "Invalid",
          new InvalidObjectException(kind.kind(), name, errors).getMessage(),
          new ApiException.StatusDetails(name, kind.group(), kind.kind()),
          errors);
    }
  }
}
