package io.fleetflow.gateway.entity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.client.EntityClient;
import io.fleetflow.client.EntityException;
import io.fleetflow.client.Visibility;
import io.fleetflow.gateway.api.ApiException;
import io.fleetflow.model.meta.Actor;
import io.fleetflow.model.meta.Derivation;
import io.fleetflow.model.meta.Reference;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.meta.Subresource;
import io.fleetflow.model.patch.Patch;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.InvalidObjectException;
import io.fleetflow.model.work.ManifestWork;
import io.fleetflow.workflows.entity.EntityOperations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The one generic mapping from REST verbs to entity workflows, through the {@link EntityClient}:
 * get is the {@code get} Query, list is a visibility query plus {@code get} on each match, and
 * create, replace, patch and delete are the {@code create}, {@code apply}, {@code patch} and {@code
 * delete} Updates of {@link EntityOperations}. What a kind knows beyond that is read from its
 * declaration: derived kinds are answered by their source, references are checked, subresources are
 * its own Updates and Queries. No kind is named here. Every object is validated here first, so
 * invalid input never reaches a workflow. Refusals arrive as {@link EntityException}s, which {@link
 * EntityStatuses} turns into Kubernetes Statuses.
 */
@Service
public class EntityService {
  private final EntityClient entities;

  public EntityService(EntityClient entities) {
    this.entities = entities;
  }

  /** Returns the named object, or throws a 404. */
  public <T extends HasMetadata> T get(ResourceKind<T> kind, String namespace, String name) {
    Optional<T> object =
        kind.derived()
            ? derived(kind, namespace, name)
            : entities.entity(kind, namespace, name).find();
    return object.orElseThrow(() -> ApiException.notFound(kind.group(), kind.plural(), name));
  }

  /**
   * The works replica sets hold in a cluster's namespace (or, namespace null, in all), asked of the
   * replica sets themselves: for reads before the watch cache, which lists them, has listed once.
   */
  public List<ManifestWork> heldWorks(String namespace) {
    return entities.heldWorks(namespace);
  }

  /** Returns every object of the kind, in one namespace or (namespace null) in all. */
  public <T extends HasMetadata> List<T> list(ResourceKind<T> kind, String namespace) {
    return kind.derived() ? derivedList(kind, namespace) : entities.list(kind, namespace);
  }

  /**
   * Refuses an object that is invalid on its own (422 naming the fields), without reading anything
   * else; {@link #create} does it first too.
   */
  public <T extends HasMetadata> void validateCreate(ResourceKind<T> kind, T object) {
    validate(kind, kind.validator().validateCreate(object), object);
  }

  /** Creates an object; the workflow is started if needed (update-with-start). */
  public <T extends HasMetadata> T create(ResourceKind<T> kind, T object, Actor actor) {
    validateCreate(kind, object);
    validate(kind, references(kind, object), object);
    return entities.create(kind, object, actor);
  }

  /** Replaces an object's labels, annotations and spec with those of {@code proposed}. */
  public <T extends HasMetadata> T replace(
      ResourceKind<T> kind, T current, T proposed, Actor actor) {
    check(kind, current, proposed);
    return entities
        .entity(kind, proposed.getMetadata().getNamespace(), proposed.getMetadata().getName())
        .apply(proposed, actor);
  }

  /**
   * Refuses a change from {@code current} to {@code proposed} that is invalid or names objects that
   * do not exist, with a 422 that lists every field at fault.
   */
  public <T extends HasMetadata> void check(ResourceKind<T> kind, T current, T proposed) {
    validate(kind, kind.validator().validateUpdate(current, proposed), proposed);
    validate(kind, references(kind, proposed), proposed);
  }

  /**
   * Applies a patch inside the object's workflow, to the object as it is there, atomically: two
   * concurrent patches both take effect, and a patch that names a stale resourceVersion is a 409.
   */
  public <T extends HasMetadata> T patch(
      ResourceKind<T> kind, String namespace, String name, Patch patch, Actor actor) {
    return entities.entity(kind, namespace, name).patch(patch, actor);
  }

  /** Starts deleting an object and returns it as it is now, with its deletion timestamp. */
  public <T extends HasMetadata> T delete(
      ResourceKind<T> kind, String namespace, String name, Actor actor) {
    return entities.entity(kind, namespace, name).delete(actor);
  }

  /**
   * Sends a POST subresource's Update with its body and the caller, and returns the object as the
   * Update left it.
   */
  public <T extends HasMetadata> T post(
      ResourceKind<T> kind,
      String namespace,
      String name,
      Subresource update,
      Object body,
      Actor actor) {
    get(kind, namespace, name);
    return entities
        .entity(kind, namespace, name)
        .update(update.operation(), kind.type(), body, actor);
  }

  /** Answers one of an object's Queries by name (a GET subresource, its events). */
  public <R> R read(
      ResourceKind<? extends HasMetadata> kind,
      String namespace,
      String name,
      String query,
      Class<R> type) {
    return entities.entity(kind, namespace, name).query(query, type);
  }

  /**
   * Finds an object of a derived kind (a PlacementDecision): the source object its name points to
   * answers the kind's query with all of its own, so the two never disagree.
   */
  private <T extends HasMetadata> Optional<T> derived(
      ResourceKind<T> kind, String namespace, String name) {
    Derivation<T> derivation = kind.derivation();
    String source = derivation.sourceName().apply(name);
    if (source == null) {
      return Optional.empty();
    }
    try {
      T[] answered =
          entities
              .entity(derivation.source(), namespace, source)
              .query(derivation.query(), arrayOf(kind));
      return answered == null
          ? Optional.empty()
          : Arrays.stream(answered).filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    } catch (EntityException.NotFound e) {
      return Optional.empty();
    }
  }

  private <T extends HasMetadata> List<T> derivedList(ResourceKind<T> kind, String namespace) {
    Derivation<T> derivation = kind.derivation();
    return entities
        .queryAll(
            derivation.source(),
            Visibility.of(derivation.source()).inNamespace(namespace),
            derivation.query(),
            arrayOf(kind))
        .stream()
        .flatMap(Arrays::stream)
        .sorted(derivation.order())
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> Class<T[]> arrayOf(ResourceKind<T> kind) {
    return (Class<T[]>) kind.type().arrayType();
  }

  /**
   * Checks that the objects another one names exist, as the kind declares them: a
   * ManifestWorkReplicaSet's placements must be there, or it would wait for decisions that never
   * come.
   */
  private <T extends HasMetadata> List<FieldError> references(ResourceKind<T> kind, T object) {
    String namespace = object.getMetadata().getNamespace();
    List<FieldError> errors = new ArrayList<>();
    for (Reference<T> reference : kind.references()) {
      ResourceKind<? extends HasMetadata> target = reference.target();
      for (Reference.Named named : reference.names().apply(object)) {
        if (!entities.entity(target, namespace, named.name()).exists()) {
          String scope = target.namespaced() ? " in namespace " + namespace : "";
          errors.add(
              new FieldError(
                  named.field(),
                  "FieldValueNotFound",
                  target.kind()
                      + " \""
                      + named.name()
                      + "\" does not exist"
                      + scope
                      + ": create it first, or name an existing one (kubectl get "
                      + target.plural()
                      + (target.namespaced() ? " -n " + namespace : "")
                      + ")"));
        }
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
