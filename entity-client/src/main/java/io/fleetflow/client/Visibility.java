package io.fleetflow.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetflow.model.meta.ResourceKind;
import io.fleetflow.workflows.entity.FleetflowSearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A visibility query for the running entity workflows of one kind, narrowed by Fleetflow's search
 * attributes. Every value is quoted by one rule ({@link #quote}), so no caller writes a query by
 * hand and no value can end a string early.
 *
 * <pre>{@code
 * Visibility.of(Kinds.MANIFEST_WORK).onCluster("cluster1")
 *   // FleetflowKind = 'ManifestWork' AND ExecutionStatus = 'Running' AND FleetflowCluster = 'cluster1'
 * }</pre>
 */
public final class Visibility {
  private final List<String> terms;

  private Visibility(List<String> terms) {
    this.terms = List.copyOf(terms);
  }

  /** The running workflows of a kind: its objects, deleting ones included. */
  public static Visibility of(ResourceKind<? extends HasMetadata> kind) {
    return ofKind(kind.kind());
  }

  /** The running workflows of the kind with this name. */
  public static Visibility ofKind(String kind) {
    return new Visibility(
        List.of(term(FleetflowSearchAttributes.KIND, "=", kind), "ExecutionStatus = 'Running'"));
  }

  /** Narrows to one namespace; a null namespace (all namespaces) leaves the query as it is. */
  public Visibility inNamespace(String namespace) {
    return namespace == null
        ? this
        : and(term(FleetflowSearchAttributes.NAMESPACE, "=", namespace));
  }

  /** Narrows to the objects with this name. */
  public Visibility named(String name) {
    return and(term(FleetflowSearchAttributes.NAME, "=", name));
  }

  /** Narrows to the objects of one cluster (a ManifestWork's namespace, a cluster's own name). */
  public Visibility onCluster(String cluster) {
    return and(term(FleetflowSearchAttributes.CLUSTER, "=", cluster));
  }

  /** Leaves out one workflow, such as the caller's own. */
  public Visibility excluding(String workflowId) {
    return and("WorkflowId != " + quote(workflowId));
  }

  /** Leaves out the objects in one phase, such as those being deleted. */
  public Visibility notInPhase(String phase) {
    return and(term(FleetflowSearchAttributes.PHASE, "!=", phase));
  }

  /** The query as Temporal's visibility reads it. */
  public String query() {
    return String.join(" AND ", terms);
  }

  @Override
  public String toString() {
    return query();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Visibility v && v.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }

  /**
   * Quotes a value as a string literal of Temporal's query language: in single quotes, with
   * backslashes and single quotes escaped by a backslash, so any value means itself.
   */
  public static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private Visibility and(String term) {
    List<String> more = new ArrayList<>(terms);
    more.add(term);
    return new Visibility(more);
  }

  private static String term(SearchAttributeKey<String> key, String operator, String value) {
    return key.getName() + " " + operator + " " + quote(value);
  }
}
