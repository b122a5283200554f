package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.validation.ObjectRules;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the API needs to know about one kind: where it is served, how it is named and
 * validated, which columns {@code kubectl get} shows, and what the kind knows beyond the entity
 * contract: which fields are decisions, its subresources, the objects it names, its events, and,
 * for a derived kind, which other kind answers for it, and the other versions it is served at
 * ({@link VersionConversion}). Each feature declares its kinds in its own package; {@code
 * io.fleetflow.model.registry.Kinds} assembles them.
 *
 * <p>{@code validator} is the kind's own; {@link #validator()} answers it with the rules every kind
 * shares in front ({@link ObjectRules}).
 *
 * @param <T> the Java type of the kind
 */
public record ResourceKind<T extends HasMetadata>(
    Class<T> type,
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    List<String> shortNames,
    boolean namespaced,
    ObjectValidator<T> validator,
    List<PrinterColumn<T>> columns,
    List<DecisiveField<T>> decisiveFields,
    List<Subresource> subresources,
    List<Reference<T>> references,
    List<ReferenceGuard<T>> guards,
    Derivation<T> derivation,
    String eventsQuery,
    List<VersionConversion.Served> otherVersions,
    boolean publishesChanges) {

  /** Puts the rules every kind shares ({@link ObjectRules}) in front of the kind's own. */
  public ResourceKind {
    validator = ObjectRules.around(type, validator);
  }

  /** Starts the declaration of a kind. */
  public static <T extends HasMetadata> Builder<T> of(
      Class<T> type, String group, String version, String kind) {
    return new Builder<>(type, group, version, kind);
  }

  /** Returns {@code group/version}, as in an object's apiVersion. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /**
   * The workflow ID of the object with this name, {@code Kind/name} or {@code Kind/namespace/name}.
   */
  public String workflowId(String namespace, String name) {
    return namespaced ? kind + "/" + namespace + "/" + name : kind + "/" + name;
  }

  /** Every version the kind is served at: its own (the stored and preferred one) first. */
  public List<String> versions() {
    List<String> versions = new ArrayList<>(List.of(version));
    otherVersions.forEach(v -> versions.add(v.version()));
    return versions;
  }

  /** Whether the kind is served at that version: its own, or one it converts to. */
  public boolean serves(String version) {
    return this.version.equals(version)
        || otherVersions.stream().anyMatch(v -> v.version().equals(version));
  }

  /**
   * How objects convert to a version the kind is served at, or null for its own version (whose
   * objects need none).
   */
  public VersionConversion conversionTo(String version) {
    return otherVersions.stream()
        .filter(v -> v.version().equals(version))
        .map(VersionConversion.Served::conversion)
        .findFirst()
        .orElse(null);
  }

  /** Returns {@code group/version} of one of the versions the kind is served at. */
  public String apiVersion(String version) {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Returns true when the kind is derived from another, and so read-only. */
  public boolean derived() {
    return derivation != null;
  }

  /** Finds a declared subresource by its path segment and verb. */
  public Optional<Subresource> subresource(String name, Subresource.Verb verb) {
    return subresources.stream().filter(s -> s.name().equals(name) && s.verb() == verb).findFirst();
  }

  /**
   * One column of {@code kubectl get}, as a CRD's additionalPrinterColumns would define it.
   *
   * @param name the column header
   * @param type the OpenAPI type of the cell: string, integer, date
   * @param value computes the cell from the object
   */
  public record PrinterColumn<T>(String name, String type, Function<T, Object> value) {}

  /** Declares a kind step by step; names default to the lower-cased kind. */
  public static final class Builder<T extends HasMetadata> {
    private final Class<T> type;
    private final String group;
    private final String version;
    private final String kind;
    private String plural;
    private String singular;
    private List<String> shortNames = List.of();
    private boolean namespaced;
    private ObjectValidator<T> validator;
    private final List<PrinterColumn<T>> columns = new ArrayList<>();
    private final List<DecisiveField<T>> decisiveFields = new ArrayList<>();
    private final List<Subresource> subresources = new ArrayList<>();
    private final List<Reference<T>> references = new ArrayList<>();
    private final List<ReferenceGuard<T>> guards = new ArrayList<>();
    private Derivation<T> derivation;
    private String eventsQuery;
    private final List<VersionConversion.Served> otherVersions = new ArrayList<>();
    private boolean publishesChanges = true;

    private Builder(Class<T> type, String group, String version, String kind) {
      this.type = type;
      this.group = group;
      this.version = version;
      this.kind = kind;
      this.singular = kind.toLowerCase(java.util.Locale.ROOT);
      this.plural = singular + "s";
    }

    /** The plural resource name of REST paths, when it is not the singular plus "s". */
    public Builder<T> plural(String plural) {
      this.plural = plural;
      return this;
    }

    public Builder<T> shortNames(String... shortNames) {
      this.shortNames = List.of(shortNames);
      return this;
    }

    /** Objects of the kind live in a namespace. */
    public Builder<T> namespaced() {
      this.namespaced = true;
      return this;
    }

    public Builder<T> validator(ObjectValidator<T> validator) {
      this.validator = validator;
      return this;
    }

    public Builder<T> column(String name, String type, Function<T, Object> value) {
      columns.add(new PrinterColumn<>(name, type, value));
      return this;
    }

    /** A field whose change is a decision (see {@link DecisiveField}). */
    public Builder<T> decisive(DecisiveField<T> field) {
      decisiveFields.add(field);
      return this;
    }

    public Builder<T> subresource(Subresource subresource) {
      subresources.add(subresource);
      return this;
    }

    /** Objects that must exist when an object of this kind is written. */
    public Builder<T> references(Reference<T> reference) {
      references.add(reference);
      return this;
    }

    /** A field naming another object that needs a permission on it (see {@link ReferenceGuard}). */
    public Builder<T> guard(ReferenceGuard<T> guard) {
      guards.add(guard);
      return this;
    }

    /** The kind is not stored but answered by another (see {@link Derivation}). */
    public Builder<T> derivedFrom(Derivation<T> derivation) {
      this.derivation = derivation;
      return this;
    }

    /** The Query that answers an object's recent events, served as core/v1 Events. */
    public Builder<T> events(String query) {
      this.eventsQuery = query;
      return this;
    }

    /**
     * The kind's workflows do not publish their changes to the change feed, so the gateway's watch
     * cache cannot hold it: its reads go to its workflows.
     */
    public Builder<T> unpublished() {
      this.publishesChanges = false;
      return this;
    }

    /**
     * The kind is also served at another version, converted to and from its own (the version its
     * objects are stored at), as a CRD serves several versions with a conversion webhook.
     */
    public Builder<T> alsoServedAt(String version, VersionConversion conversion) {
      otherVersions.add(new VersionConversion.Served(version, conversion));
      return this;
    }

    public ResourceKind<T> build() {
      return new ResourceKind<>(
          type,
          group,
          version,
          kind,
          plural,
          singular,
          shortNames,
          namespaced,
          validator,
          List.copyOf(columns),
          List.copyOf(decisiveFields),
          List.copyOf(subresources),
          List.copyOf(references),
          List.copyOf(guards),
          derivation,
          eventsQuery,
          List.copyOf(otherVersions),
          publishesChanges);
    }
  }
}
