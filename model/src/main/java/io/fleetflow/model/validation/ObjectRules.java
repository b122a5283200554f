package io.fleetflow.model.validation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A kind's validator with the rules every kind shares in front of it: the object has metadata and,
 * where its kind has one, a spec; it fits {@link ObjectLimits}; its labels and annotations follow
 * {@link MetadataRules}. The gateway and every entity workflow validate through it (it is what
 * {@code ResourceKind.validator()} returns), so no path stores an object that breaks them.
 *
 * <p>An object without metadata or spec, too large or too deep gets only that error: the kind's own
 * rules are not asked about what they were never written to handle.
 *
 * @param <T> the kind of object
 */
public final class ObjectRules<T extends HasMetadata> implements ObjectValidator<T> {
  private static final ClassValue<Boolean> SPEC_REQUIRED =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return hasSpec(type);
        }
      };

  private final ObjectValidator<T> kindRules;
  private final boolean specRequired;

  private ObjectRules(Class<T> type, ObjectValidator<T> kindRules) {
    this.kindRules = kindRules;
    this.specRequired = SPEC_REQUIRED.get(type);
  }

  /** Puts the shared rules in front of a kind's own; a validator that has them already is kept. */
  public static <T extends HasMetadata> ObjectValidator<T> around(
      Class<T> type, ObjectValidator<T> kindRules) {
    return kindRules instanceof ObjectRules<T> ? kindRules : new ObjectRules<>(type, kindRules);
  }

  @Override
  public List<FieldError> validateCreate(T object) {
    Optional<FieldError> fatal = fatal(object);
    if (fatal.isPresent()) {
      return List.of(fatal.get());
    }
    List<FieldError> errors = new ArrayList<>(kindRules.validateCreate(object));
    errors.addAll(MetadataRules.check(object.getMetadata()));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(T current, T proposed) {
    Optional<FieldError> fatal = fatal(proposed);
    if (fatal.isPresent()) {
      return List.of(fatal.get());
    }
    List<FieldError> errors = new ArrayList<>(kindRules.validateUpdate(current, proposed));
    errors.addAll(MetadataRules.check(proposed.getMetadata()));
    return errors;
  }

  private Optional<FieldError> fatal(T object) {
    return checkShape(object, specRequired);
  }

  /**
   * Checks what every other rule relies on: the object has metadata and, where its kind has one, a
   * spec; it is within {@link ObjectLimits}. The gateway asks this as soon as it has read an
   * object, before it looks at what the object asks for.
   */
  public static Optional<FieldError> checkShape(HasMetadata object) {
    return checkShape(object, SPEC_REQUIRED.get(object.getClass()));
  }

  private static Optional<FieldError> checkShape(HasMetadata object, boolean specRequired) {
    if (object.getMetadata() == null) {
      return Optional.of(
          FieldError.required("metadata", "an object needs metadata with at least a name"));
    }
    if (specRequired
        && object instanceof CustomResource<?, ?> resource
        && resource.getSpec() == null) {
      return Optional.of(
          FieldError.required(
              "spec", "a " + object.getKind() + " needs a spec; send {} for the defaults"));
    }
    return ObjectLimits.check(object);
  }

  /** True when the kind has a spec: a new object of it starts with one (fabric8's initSpec). */
  private static boolean hasSpec(Class<?> type) {
    try {
      Object fresh = type.getDeclaredConstructor().newInstance();
      return fresh instanceof CustomResource<?, ?> resource && resource.getSpec() != null;
    } catch (NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      return false;
    }
  }
}
