package io.fleetflow.model.cluster;

import io.fleetflow.model.cluster.ManagedClusterSpec.ClientConfig;
import io.fleetflow.model.cluster.ManagedClusterSpec.Taint;
import io.fleetflow.model.validation.FieldError;
import io.fleetflow.model.validation.Names;
import io.fleetflow.model.validation.ObjectValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** OCM's admission rules for ManagedCluster, as its webhook enforces them. */
public class ManagedClusterValidator implements ObjectValidator<ManagedCluster> {
  static final List<String> TAINT_EFFECTS = List.of("NoSelect", "PreferNoSelect", "NoSelectIfNew");

  @Override
  public List<FieldError> validateCreate(ManagedCluster cluster) {
    List<FieldError> errors = new ArrayList<>(checkFields(cluster));
    List<Taint> taints = cluster.getSpec() == null ? null : cluster.getSpec().getTaints();
    if (!BuiltInTaints.keysIn(taints).isEmpty()) {
      errors.add(
          FieldError.forbidden(
              "spec.taints",
              "only the hub sets the taints " + String.join(" and ", BuiltInTaints.KEYS)));
    }
    return errors;
  }

  private List<FieldError> checkFields(ManagedCluster cluster) {
    List<FieldError> errors = new ArrayList<>();
    String name = cluster.getMetadata() == null ? null : cluster.getMetadata().getName();
    errors.addAll(Names.checkLabel("metadata.name", name));
    if (cluster.getMetadata() != null && cluster.getMetadata().getNamespace() != null) {
      errors.add(
          FieldError.forbidden(
              "metadata.namespace", "ManagedCluster is cluster-scoped: remove metadata.namespace"));
    }
    ManagedClusterSpec spec = cluster.getSpec();
    if (spec == null) {
      return errors;
    }
    Integer lease = spec.getLeaseDurationSeconds();
    if (lease != null && lease < 0) {
      errors.add(
          FieldError.invalid(
              "spec.leaseDurationSeconds",
              "must be 0 or more seconds (0 means the default of 60), got " + lease));
    }
    List<ClientConfig> configs = spec.getManagedClusterClientConfigs();
    for (int i = 0; configs != null && i < configs.size(); i++) {
      if (configs.get(i) == null) {
        errors.add(
            FieldError.required(
                "spec.managedClusterClientConfigs[" + i + "]", "an entry may not be empty"));
        continue;
      }
      String url = configs.get(i).url();
      if (url == null || !url.startsWith("https://")) {
        errors.add(
            FieldError.invalid(
                "spec.managedClusterClientConfigs[" + i + "].url",
                "must be an https:// URL of the cluster's API server, got \"" + url + "\""));
      }
    }
    List<Taint> taints = spec.getTaints();
    for (int i = 0; taints != null && i < taints.size(); i++) {
      Taint taint = taints.get(i);
      String field = "spec.taints[" + i + "]";
      if (taint == null) {
        errors.add(FieldError.required(field, "a taint may not be empty"));
        continue;
      }
      if (taint.key() == null || taint.key().isBlank()) {
        errors.add(FieldError.required(field + ".key", "a taint needs a key"));
      }
      if (taint.effect() == null || !TAINT_EFFECTS.contains(taint.effect())) {
        errors.add(FieldError.notSupported(field + ".effect", taint.effect(), TAINT_EFFECTS));
      }
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(ManagedCluster current, ManagedCluster proposed) {
    List<FieldError> errors = new ArrayList<>(checkFields(proposed));
    if (!Objects.equals(current.getMetadata().getName(), proposed.getMetadata().getName())) {
      errors.add(FieldError.forbidden("metadata.name", "the name of an object cannot change"));
    }
    List<String> added = new ArrayList<>(BuiltInTaints.keysIn(proposed.getSpec().getTaints()));
    added.removeAll(BuiltInTaints.keysIn(current.getSpec().getTaints()));
    if (!added.isEmpty()) {
      // Only additions are refused: the hub keeps its own taints whatever a client sends, so a
      // client that read the cluster just before the hub tainted it does not fail.
      errors.add(
          FieldError.forbidden(
              "spec.taints",
              "only the hub sets the taint " + String.join(" and ", added) + "; remove it"));
    }
    return errors;
  }
}
