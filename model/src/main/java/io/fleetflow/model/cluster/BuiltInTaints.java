package io.fleetflow.model.cluster;

import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import java.util.List;
import java.util.Objects;

/**
 * OCM's taints that only the hub sets: a cluster whose availability is unknown is unreachable, one
 * that reports itself unavailable is unavailable. Placements do not select such clusters unless
 * they tolerate the taint.
 */
public final class BuiltInTaints {
  public static final String UNREACHABLE = "cluster.open-cluster-management.io/unreachable";
  public static final String UNAVAILABLE = "cluster.open-cluster-management.io/unavailable";
  public static final String EFFECT = "NoSelect";
  public static final List<String> KEYS = List.of(UNREACHABLE, UNAVAILABLE);

  private BuiltInTaints() {}

  /** Returns true for a taint that only the hub may set. */
  public static boolean isBuiltIn(Taint taint) {
    return taint != null && taint.key() != null && KEYS.contains(taint.key());
  }

  /** Returns the built-in taint keys a list holds, in order. */
  public static List<String> keysIn(List<Taint> taints) {
    return taints == null
        ? List.of()
        : taints.stream().filter(BuiltInTaints::isBuiltIn).map(Taint::key).sorted().toList();
  }

  /** Returns true when two taints are the same apart from when they were added. */
  public static boolean sameTaint(Taint a, Taint b) {
    return Objects.equals(a.key(), b.key())
        && Objects.equals(a.value(), b.value())
        && Objects.equals(a.effect(), b.effect());
  }
}
