package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.validation.ObjectRules;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.List;
import java.util.function.Function;

/**
 * Everything the API needs to know about one kind: where it is served, how it is named, how it is
 * validated and which columns {@code kubectl get} shows.
 *
 * <p>{@code validator} is the kind's own; {@link #validator()} answers it with the rules every kind
 * shares in front ({@link ObjectRules}).
 *
 * <p>{@code decision}, where not null, extracts the field whose changes are decisions that need an
 * approver (a ManagedCluster's {@code spec.hubAcceptsClient}).
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
    Function<T, Object> decision) {

  /** Puts the rules every kind shares ({@link ObjectRules}) in front of the kind's own. */
  public ResourceKind {
    validator = ObjectRules.around(type, validator);
  }

  /** A kind without decisions, whose changes are all ordinary ones. */
  public ResourceKind(
      Class<T> type,
      String group,
      String version,
      String kind,
      String plural,
      String singular,
      List<String> shortNames,
      boolean namespaced,
      ObjectValidator<T> validator,
      List<PrinterColumn<T>> columns) {
    this(
        type,
        group,
        version,
        kind,
        plural,
        singular,
        shortNames,
        namespaced,
        validator,
        columns,
        null);
  }

  /**
   * Returns true when replacing {@code current} (null on create) by {@code proposed} is a decision,
   * such as accepting or denying a cluster, which only approvers may make.
   */
  public boolean isDecision(T current, T proposed) {
    if (decision == null) {
      return false;
    }
    Object before = current == null ? null : decision.apply(current);
    Object after = decision.apply(proposed);
    return current == null ? Boolean.TRUE.equals(after) : !java.util.Objects.equals(before, after);
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

  /**
   * One column of {@code kubectl get}, as a CRD's additionalPrinterColumns would define it.
   *
   * @param name the column header
   * @param type the OpenAPI type of the cell: string, integer, date
   * @param value computes the cell from the object
   */
  public record PrinterColumn<T>(String name, String type, Function<T, Object> value) {}
}
