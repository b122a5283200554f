package io.fleetflow.model.meta;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Predicate;

/**
 * A field of a kind whose change is a decision, which needs {@link Permission#DECIDE} rather than
 * {@link Permission#CHANGE}: a ManagedCluster's {@code spec.hubAcceptsClient}, or a
 * ManifestWorkReplicaSet's {@code spec.approvalGates} while a gate waits (removing the gates would
 * let the works out unapproved).
 *
 * @param pointer the field as a JSON pointer, such as {@code /spec/hubAcceptsClient}
 * @param initial the field's value in a new object, as JSON ({@code false}, {@code null}); a
 *     missing field has this value too
 * @param what the decision in words, for refusals: {@code accept or deny}
 * @param whileCurrent when the field is decisive, judged on the object as it is; null means always
 * @param <T> the kind's type
 */
public record DecisiveField<T extends HasMetadata>(
    String pointer, String initial, String what, Predicate<T> whileCurrent) {
  /** A field whose every change is a decision. */
  public static <T extends HasMetadata> DecisiveField<T> always(
      String pointer, String initial, String what) {
    return new DecisiveField<>(pointer, initial, what, null);
  }

  /** Returns true when the field is decisive for the object as it is now (null before creation). */
  public boolean appliesTo(T current) {
    return whileCurrent == null || (current != null && whileCurrent.test(current));
  }
}
