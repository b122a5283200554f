package io.fleetflow.workflows.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.model.validation.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The metadata rules every entity follows, as a Kubernetes API server applies them: the server owns
 * uid, creationTimestamp, generation and resourceVersion; generation moves only when the spec
 * changes; resourceVersion moves on every change, so clients can detect concurrent writes and
 * watchers see every modification. All methods are deterministic and safe in workflow code.
 */
public final class ObjectChanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ObjectChanges() {}

  /** Stamps a new object's server-owned metadata and clears any status the client sent. */
  public static void stampNew(HasMetadata object, Instant now, String uid) {
    ObjectMeta meta = object.getMetadata();
    meta.setUid(uid);
    meta.setCreationTimestamp(now.toString());
    meta.setGeneration(1L);
    meta.setResourceVersion("1");
    meta.setDeletionTimestamp(null);
    meta.setManagedFields(null);
    if (object instanceof CustomResource<?, ?> resource) {
      resource.setStatus(null);
    }
  }

  /**
   * Copies what a client may change (labels, annotations and spec) from {@code proposed} onto
   * {@code current}.
   *
   * @return true when the spec changed, which also moved the generation
   */
  public static <S> boolean applyChange(
      CustomResource<S, ?> current, CustomResource<S, ?> proposed) {
    copyLabelsAndAnnotations(current, proposed);
    boolean specChanged =
        !JSON.valueToTree(current.getSpec()).equals(JSON.valueToTree(proposed.getSpec()));
    if (specChanged) {
      current.setSpec(proposed.getSpec());
      current.getMetadata().setGeneration(current.getMetadata().getGeneration() + 1);
    }
    bump(current);
    return specChanged;
  }

  /**
   * Copies labels and annotations from {@code proposed} onto {@code current}, for a kind whose spec
   * never changes once created (its validator refuses a change), and moves the resourceVersion.
   */
  public static void applyMetadataChange(HasMetadata current, HasMetadata proposed) {
    copyLabelsAndAnnotations(current, proposed);
    copyContent(current, proposed);
    bump(current);
  }

  /**
   * Copies the top-level content of a built-in kind (an RBAC object's rules, subjects and roleRef),
   * everything but apiVersion, kind, metadata and status; a field the proposal leaves out is
   * cleared. A kind whose validator refuses content changes (a CertificateSigningRequest's spec)
   * never gets here with one.
   */
  private static void copyContent(HasMetadata current, HasMetadata proposed) {
    JsonNode before = JSON.valueToTree(current);
    JsonNode after = JSON.valueToTree(proposed);
    com.fasterxml.jackson.databind.node.ObjectNode content = JSON.createObjectNode();
    before
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!CONTENTLESS.contains(name)) {
                content.set(name, after.has(name) ? after.get(name) : NullNode.getInstance());
              }
            });
    after
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!CONTENTLESS.contains(name)) {
                content.set(name, after.get(name));
              }
            });
    try {
      JSON.readerForUpdating(current).readValue(content);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("an object's content could not be copied", e);
    }
  }

  private static final java.util.Set<String> CONTENTLESS =
      java.util.Set.of("apiVersion", "kind", "metadata", "status");

  private static void copyLabelsAndAnnotations(HasMetadata current, HasMetadata proposed) {
    current.getMetadata().setLabels(proposed.getMetadata().getLabels());
    current.getMetadata().setAnnotations(proposed.getMetadata().getAnnotations());
  }

  /** Moves the object's resourceVersion after any change, status changes included. */
  public static void bump(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    meta.setResourceVersion(Long.toString(Long.parseLong(meta.getResourceVersion()) + 1));
  }

  /** Marks the object as being deleted, as a Kubernetes finalizer would hold it. */
  public static void markDeleting(HasMetadata object, Instant now) {
    if (object.getMetadata().getDeletionTimestamp() == null) {
      object.getMetadata().setDeletionTimestamp(now.toString());
      bump(object);
    }
  }

  /**
   * Checks a proposed replacement before it is accepted: validity, and that the client read the
   * current version when it names one.
   *
   * @throws io.temporal.failure.ApplicationFailure of type Invalid, Conflict or NotFound
   */
  public static <T extends HasMetadata> void checkReplace(
      ResourceKind<T> kind, T current, T proposed) {
    if (current == null) {
      throw EntityFailures.of(
          EntityFailures.NOT_FOUND,
          kind.plural() + " \"" + proposed.getMetadata().getName() + "\" not found");
    }
    List<FieldError> errors = kind.validator().validateUpdate(current, proposed);
    if (!errors.isEmpty()) {
      throw EntityFailures.invalid(kind.kind(), proposed.getMetadata().getName(), errors);
    }
    checkVersion(kind, current, proposed);
  }

  /**
   * Refuses a change that names a resourceVersion other than the current one: the client decided on
   * an object that has changed since it read it.
   *
   * @throws io.temporal.failure.ApplicationFailure of type Conflict
   */
  public static <T extends HasMetadata> void checkVersion(
      ResourceKind<T> kind, T current, T proposed) {
    // A body without metadata (the hub's own approval of a renewal) names no version.
    String wanted =
        proposed.getMetadata() == null ? null : proposed.getMetadata().getResourceVersion();
    if (wanted != null
        && !wanted.isEmpty()
        && !Objects.equals(wanted, current.getMetadata().getResourceVersion())) {
      throw EntityFailures.of(
          EntityFailures.CONFLICT,
          "Operation cannot be fulfilled on "
              + kind.plural()
              + " \""
              + current.getMetadata().getName()
              + "\": the object has been modified; please apply your changes to the latest"
              + " version and try again");
    }
  }

  /**
   * Checks a proposed new object.
   *
   * @throws io.temporal.failure.ApplicationFailure of type Invalid or AlreadyExists
   */
  public static <T extends HasMetadata> void checkCreate(
      ResourceKind<T> kind, T current, T proposed) {
    List<FieldError> errors = kind.validator().validateCreate(proposed);
    if (!errors.isEmpty()) {
      throw EntityFailures.invalid(kind.kind(), proposed.getMetadata().getName(), errors);
    }
    if (current != null) {
      throw EntityFailures.of(
          EntityFailures.ALREADY_EXISTS,
          kind.plural() + " \"" + proposed.getMetadata().getName() + "\" already exists");
    }
  }
}
