package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Predicate;

/**
 * A field of a kind whose change is a decision, which needs the permission of a subresource rather
 * than the object's plain {@code update}: a ManagedCluster's {@code spec.hubAcceptsClient}, or a
 * ManifestWorkReplicaSet's {@code spec.approvalGates} while a gate waits (removing the gates would
 * let the works out unapproved).
 *
 * @param pointer the field as a JSON pointer, such as {@code /spec/hubAcceptsClient}
 * @param initial the field's value in a new object, as JSON ({@code false}, {@code null}); a
 *     missing field has this value too
 * @param what the decision in words, for refusals: {@code accept or deny}
 * @param whileCurrent when the field is decisive, judged on the object as it is; null means always
 * @param group the API group of the permission a change needs, or null for the kind's own group
 * @param subresource the (virtual) subresource whose permission a change needs, as OCM names it:
 *     {@code accept} for a ManagedCluster's acceptance
 * @param verb the RBAC verb on that subresource: {@code update} for {@code managedclusters/accept}
 * @param <T> the kind's type
 */
public record DecisiveField<T extends HasMetadata>(
    String pointer,
    String initial,
    String what,
    Predicate<T> whileCurrent,
    String group,
    String subresource,
    String verb) {
  /**
   * A field whose every change is a decision, guarded by {@code verb} on the subresource {@code
   * subresource} of the group {@code group} (null for the kind's own).
   */
  public static <T extends HasMetadata> DecisiveField<T> always(
      String pointer, String initial, String what, String group, String subresource, String verb) {
    return new DecisiveField<>(pointer, initial, what, null, group, subresource, verb);
  }

  /** Returns true when the field is decisive for the object as it is now (null before creation). */
  public boolean appliesTo(T current) {
    return whileCurrent == null || (current != null && whileCurrent.test(current));
  }
}
