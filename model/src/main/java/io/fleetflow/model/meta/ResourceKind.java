package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.List;
import java.util.function.Function;

/**
 * Everything the API needs to know about one kind: where it is served, how it is named, how it is
 * validated and which columns {@code kubectl get} shows.
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
    List<PrinterColumn<T>> columns) {

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
